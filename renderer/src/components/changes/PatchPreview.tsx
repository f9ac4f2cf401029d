import { PatchDiff } from '@pierre/diffs/react';
import { DiffWorkerPool } from './DiffWorkerPool.js';

const options = {
  diffStyle: 'unified',
  lineDiffType: 'word',
  overflow: 'wrap',
  themeType: 'system',
  hunkSeparators: 'line-info',
} as const;

/** A short patch rendered as the Changes panel renders diffs (loaded with it, lazily). */
export default function PatchPreview({ patch }: { patch: string }) {
  return (
    <DiffWorkerPool>
      <div className="patch-preview">
        <PatchDiff patch={patch} options={options} />
      </div>
    </DiffWorkerPool>
  );
}
