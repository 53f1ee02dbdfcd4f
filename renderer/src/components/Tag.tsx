import type { ReactNode } from 'react';

export type TagColour = 'default' | 'grey' | 'blue' | 'green' | 'orange' | 'red' | 'yellow' | 'purple' | 'white';

/** An NHS.UK tag: a short status in words, never colour alone. */
export function Tag({ colour = 'default', children, className }: { colour?: TagColour; children: ReactNode; className?: string }) {
  const cls = ['nhsuk-tag', colour === 'default' ? '' : `nhsuk-tag--${colour}`, className ?? ''].filter(Boolean).join(' ');
  return <strong className={cls}>{children}</strong>;
}
