import { LoginForm } from '@/components/auth/login-form';
import { signInErrorMessage } from '@/lib/api/sign-in-errors';

export const metadata = { title: 'Sign in · Portico' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  const code = Array.isArray(error) ? error[0] : error;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <section
        aria-labelledby="login-heading"
        className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <h1 id="login-heading" className="text-2xl font-semibold">
          Sign in to Portico
        </h1>
        <LoginForm initialError={code ? signInErrorMessage(code) : undefined} />
      </section>
    </main>
  );
}
