import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from './Icon.js';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** More about what the choice does (or why it is unavailable), shown on hover. */
  title?: string;
}

interface MenuProps {
  items: readonly MenuItem[];
  /** Where to open, in viewport pixels (a button's corner, or the pointer for a context menu). */
  at: { x: number; y: number };
  label: string;
  onClose: () => void;
  /** The button that opened the menu: pressing it again toggles, so it does not count as outside. */
  anchor?: React.RefObject<HTMLElement | null>;
}

/** A floating menu with arrow-key navigation; closes on Escape, a click outside, or a choice. */
export function Menu({ items, at, label, onClose, anchor }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(at);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const rect = menu.getBoundingClientRect();
    const x = Math.min(at.x, window.innerWidth - rect.width - 8);
    const y = at.y + rect.height > window.innerHeight - 8 ? Math.max(8, at.y - rect.height) : at.y;
    if (x !== at.x || y !== at.y) setPosition({ x, y });
    menu.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
  }, [at]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (anchor?.current?.contains(target)) return;
      if (ref.current && !ref.current.contains(target)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose, anchor]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const buttons = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ??
        []),
    ];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? buttons[0] : buttons[buttons.length - 1])?.focus();
    }
  };

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={item.danger ? 'menu-item danger' : 'menu-item'}
          disabled={item.disabled}
          title={item.title}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>,
    // Inside the main landmark, where screen readers (and axe's region rule) expect content.
    document.querySelector('main') ?? document.body,
  );
}

/** A "⋯" button that opens a menu under itself. */
export function MenuButton({
  label,
  items,
  className,
  children,
}: {
  label: string;
  items: readonly MenuItem[];
  className?: string;
  children?: ReactNode;
}) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'icon-button'}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={at !== null}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setAt(at ? null : { x: rect.left, y: rect.bottom + 4 });
        }}
      >
        {children ?? <Icon name="dots" />}
      </button>
      {at ? (
        <Menu
          items={items}
          at={at}
          label={label}
          anchor={buttonRef}
          onClose={() => {
            setAt(null);
            buttonRef.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
