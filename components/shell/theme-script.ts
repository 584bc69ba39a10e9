/**
 * Runs before the first paint (inlined in the root layout) so a dark-theme user never sees a
 * light flash: the stored choice wins, else the system preference.
 */
export const THEME_STORAGE_KEY = 'portico-theme';

export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');var d=t?t==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;
