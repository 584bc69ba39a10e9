'use client';

import { useEffect, useState } from 'react';
import { THEME_STORAGE_KEY } from '@/components/shell/theme-script';

/** A toggle button "Dark theme" (pressed when dark); the choice is kept in localStorage. */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => {
    setDark(document.documentElement.classList.contains('dark'));
  }, []);
  const toggle = () => {
    const next = !document.documentElement.classList.contains('dark');
    document.documentElement.classList.toggle('dark', next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next ? 'dark' : 'light');
    } catch {
      // Storage may be disabled; the theme still changes for this page.
    }
    setDark(next);
  };
  return (
    <button
      type="button"
      aria-pressed={dark ?? false}
      onClick={toggle}
      className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      Dark theme
    </button>
  );
}
