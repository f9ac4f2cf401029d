import { expect, test } from '../support/ui-fixtures.js';
import { bulkConversation, seedTranscript } from '../support/ui-seed.js';

test('debug open time', async ({ app, grove, page }) => {
  const repo = await grove.makeRepo('big');
  const project = await grove.server.ok('POST', '/api/projects', { path: repo });
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, { name: 'Short' });
  const session = await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, { name: 'Long history' });
  await seedTranscript(grove.server.dataDir, session.id, bulkConversation(session.id, 10_000));
  await app.open();
  const client = await page.context().newCDPSession(page);
  await client.send('Profiler.enable');
  await client.send('Profiler.start');
  await app.tab('Long history').click();
  await expect(page.getByRole('article').filter({ hasText: 'Answer 9999.' })).toBeInViewport();
  const { profile } = await client.send('Profiler.stop');
  // Self time per function
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  (profile.samples ?? []).forEach((id: number, i: number) => {
    const n: any = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
  console.log(await page.evaluate(() => { const sc = document.querySelector('.messages-scroll') as HTMLElement; const c = sc.firstElementChild as HTMLElement; return `st=${sc.scrollTop} sh=${sc.scrollHeight} ch=${sc.clientHeight} container=${c.style.height} ${c.getBoundingClientRect().height}`; }));
  await page.screenshot({ path: '/tmp/dbg/open.png' });
});
