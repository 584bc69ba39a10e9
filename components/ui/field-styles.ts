/** Shared look of text inputs and selects, with the error state shown by a border and by text. */
export function inputClass(invalid: boolean): string {
  return `w-full rounded-md border bg-white px-3 py-2 text-sm dark:bg-slate-900 ${
    invalid ? 'border-red-600 dark:border-red-400' : 'border-slate-300 dark:border-slate-600'
  }`;
}
