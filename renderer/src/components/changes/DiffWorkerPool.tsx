import { WorkerPoolContextProvider } from '@pierre/diffs/react';
import DiffsWorker from '@pierre/diffs/worker/worker.js?worker';
import type { ReactNode } from 'react';

/**
 * Highlighting (shiki) and word-level diffs run in web workers, so a large diff first shows as
 * plain text at once and gains its colours when the worker answers, without blocking the page.
 * Small diffs stay on the main thread: a worker round trip would cost more than it saves.
 */
const poolOptions = {
  workerFactory: () => new DiffsWorker(),
  poolSize: 2,
  mainThreadMaxCharacters: 20_000,
};
const highlighterOptions = { lineDiffType: 'word' } as const;

export function DiffWorkerPool({ children }: { children: ReactNode }) {
  return (
    <WorkerPoolContextProvider poolOptions={poolOptions} highlighterOptions={highlighterOptions}>
      {children}
    </WorkerPoolContextProvider>
  );
}
