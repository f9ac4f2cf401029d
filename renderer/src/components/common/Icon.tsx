/** A small set of 16px line icons; decorative, so hidden from assistive technology. */
const PATHS = {
  plus: 'M8 3v10M3 8h10',
  sidebar: 'M2 3h12v10H2zM6 3v10',
  gear: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  branch:
    'M5 3v10M5 13a1.5 1.5 0 1 0 0-.01M5 3a1.5 1.5 0 1 0 0 .01M11 5a1.5 1.5 0 1 0 0-.01M11 6.5c0 3-6 2-6 5',
  home: 'M2.5 7.5 8 3l5.5 4.5M4 6.5V13h8V6.5',
  chevron: 'M6 4l4 4-4 4',
  dots: 'M4 8h.01M8 8h.01M12 8h.01',
  close: 'M4 4l8 8M12 4l-8 8',
  archive: 'M2.5 3.5h11v3h-11zM3.5 6.5v6h9v-6M6.5 9h3',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.5 9h6l.5-9',
  keyboard: 'M1.5 4.5h13v7h-13zM4 7h.01M6.5 7h.01M9 7h.01M11.5 7h.01M5 9.5h6',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.5M13 2.5v3h-3',
  check: 'M3 8.5l3 3 7-7',
  alert: 'M8 2l6.5 11.5h-13zM8 6.5v3M8 11.5h.01',
  stop: 'M4.5 4.5h7v7h-7z',
  send: 'M2.5 8h9M8 4l4 4-4 4',
  restore: 'M3 8a5 5 0 1 0 1.5-3.5M3 2.5v3h3',
  folder: 'M1.5 4.5v8h13v-7h-7l-1.5-1.5h-4.5z',
  terminal: 'M2 3.5h12v9H2zM4.5 6.5l2 1.5-2 1.5M8 10h3',
  brain:
    'M6 3.5a2 2 0 0 0-3 2 2 2 0 0 0 0 3.5 2 2 0 0 0 3 2.5V3.5zM10 3.5a2 2 0 0 1 3 2 2 2 0 0 1 0 3.5 2 2 0 0 1-3 2.5V3.5z',
  tool: 'M10.5 2.5a3 3 0 0 0-3 4L2.5 11.5l2 2 5-5a3 3 0 0 0 4-3l-2 1-1.5-1.5z',
  file: 'M4 2h5l3 3v9H4zM9 2v3h3',
  paperclip: 'M10.5 4.5 5.5 9.5a1.4 1.4 0 0 0 2 2l5-5a2.8 2.8 0 0 0-4-4l-5 5a4.2 4.2 0 0 0 6 6l4-4',
  eye: 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8zM8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({
  name,
  size = 16,
  className,
}: {
  name: IconName;
  size?: number;
  className?: string;
}) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span
      className="spinner"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
