import { lazy, ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { HOME, Role, useSession } from './auth/session';
import { SignIn } from './auth/SignIn';
import { Loading, NotFound } from './components/PageState';

// One chunk per audience: an agent's browser never loads the admin's editor.
const AgentApp = lazy(() => import('./agent/AgentApp'));
const ClientApp = lazy(() => import('./client/ClientApp'));
const LegalApp = lazy(() => import('./legal/LegalApp'));
const AdminApp = lazy(() => import('./admin/AdminApp'));
const DebtorApp = lazy(() => import('./debtor/DebtorApp'));

/** A page for one role: sign-in first, and another role's pages are simply not found. */
function ForRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (user.role !== role) return <NotFound />;
  return <>{children}</>;
}

function SignInPage() {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from?.startsWith(HOME[user.role]) ? from : HOME[user.role]} replace />;
  }
  return <SignIn />;
}

function Home() {
  const { user } = useSession();
  if (user === undefined) return <Loading />;
  return <Navigate to={user ? HOME[user.role] : '/sign-in'} replace />;
}

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/pay/:token" element={<DebtorApp />} />
        <Route
          path="/agent/*"
          element={
            <ForRole role="agent">
              <AgentApp />
            </ForRole>
          }
        />
        <Route
          path="/client/*"
          element={
            <ForRole role="client_user">
              <ClientApp />
            </ForRole>
          }
        />
        <Route
          path="/legal/*"
          element={
            <ForRole role="legal">
              <LegalApp />
            </ForRole>
          }
        />
        <Route
          path="/admin/*"
          element={
            <ForRole role="agency_admin">
              <AdminApp />
            </ForRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
