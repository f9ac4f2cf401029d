import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { NAME_MAX_LENGTH, nameToSave } from '../../lib/rename.js';

/** How an inline rename ended: Enter saves, Escape cancels, leaving the field saves. */
export type RenameEnd = 'enter' | 'escape' | 'blur';

interface InlineRenameProps {
  /** The current name: the starting text, and what counts as "unchanged". */
  name: string;
  /** Accessible name of the field, e.g. "Worktree name". */
  label: string;
  className?: string;
  /** What renaming does and does not change, shown on hover and read as the field's description. */
  hint?: string;
  /** Called only with a changed, non-blank, trimmed name. */
  onRename: (name: string) => void;
  onDone: (end: RenameEnd) => void;
}

/** A text field that replaces a name while it is being renamed (tabs, projects, worktrees). */
export function InlineRename({
  name,
  label,
  className,
  hint,
  onRename,
  onDone,
}: InlineRenameProps) {
  const [draft, setDraft] = useState(name);
  const ref = useRef<HTMLInputElement>(null);
  // Enter and Escape unmount the field, which may also blur it: end only once.
  const ended = useRef(false);

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const end = (how: RenameEnd) => {
    if (ended.current) return;
    ended.current = true;
    const next = how === 'escape' ? null : nameToSave(draft, name);
    onDone(how);
    if (next) onRename(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      end('enter');
    } else if (event.key === 'Escape') {
      // Kept here so that Escape does not also close a menu or dialog around the field.
      event.preventDefault();
      event.stopPropagation();
      end('escape');
    }
  };

  return (
    <input
      ref={ref}
      className={className ? `inline-rename ${className}` : 'inline-rename'}
      aria-label={label}
      title={hint}
      value={draft}
      maxLength={NAME_MAX_LENGTH}
      spellCheck={false}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => end('blur')}
      onKeyDown={onKeyDown}
    />
  );
}

/**
 * Rename state for a sidebar item whose button turns into an `InlineRename`. After Enter or
 * Escape, focus goes back to the item so keyboard users keep their place; after a click
 * elsewhere it stays where the click put it.
 */
export function useRenameState<T extends HTMLElement>() {
  const [renaming, setRenaming] = useState(false);
  const triggerRef = useRef<T>(null);
  return {
    renaming,
    triggerRef,
    startRename: () => setRenaming(true),
    endRename: (how: RenameEnd) => {
      setRenaming(false);
      // The item's button is mounted again by the next frame.
      if (how !== 'blur') requestAnimationFrame(() => triggerRef.current?.focus());
    },
    /** F2 on the focused item, as in file managers and the session tabs. */
    onTriggerKeyDown: (event: KeyboardEvent<T>) => {
      if (event.key !== 'F2') return;
      // Marked handled so the app-wide F2 (rename the current session) does not also fire.
      event.preventDefault();
      setRenaming(true);
    },
  };
}
