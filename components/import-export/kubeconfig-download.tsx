/**
 * "Download kubeconfig": a plain form post to /api/auth/kubeconfig, which answers a kubeconfig
 * (a new personal token, the pinned serving certificate) as an attachment. Works before
 * JavaScript loads; the browser's same-origin Origin header satisfies the CSRF check.
 */
export function KubeconfigDownload() {
  return (
    <section aria-labelledby="kubeconfig-heading" className="space-y-2">
      <h2 id="kubeconfig-heading" className="text-xl font-semibold">
        kubectl access
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A kubeconfig for you: it carries a new personal token (revoke it any time) and trusts this server&apos;s certificate.
      </p>
      <form method="post" action="/api/auth/kubeconfig">
        <button
          type="submit"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
        >
          Download kubeconfig
        </button>
      </form>
    </section>
  );
}
