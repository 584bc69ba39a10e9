import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { THEME_SCRIPT } from '@/components/shell/theme-script';
import './globals.css';

export const metadata: Metadata = {
  title: 'Portico',
  description: 'Run the Kubernetes Gateway API: console, control plane and proxy',
  icons: { icon: '/portico.svg' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  // The theme script sets the `dark` class before hydration, hence suppressHydrationWarning.
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
