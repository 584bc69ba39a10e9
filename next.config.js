/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // PORTICO_NEXT_DIST_DIR lets several checkouts' test runs build side by side without sharing one build folder.
  distDir: process.env.PORTICO_NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // The console is served by Portico's own HTTP server (server/main.ts), which also serves /k8s and /api.
  // Type errors and lint are checked by `npm run typecheck` and `npm run lint`, not during `next build`.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
