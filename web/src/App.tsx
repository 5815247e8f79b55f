import { lazy, ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { HOME, Role, useSession } from './auth/session';
import { SignIn } from './auth/SignIn';
import { Loading, NotFound } from './components/PageState';

// One chunk per audience: an agent's browser never loads the admin's editor.
const chunks = {
  '/agent': () => import('./agent/AgentApp'),
  '/client': () => import('./client/ClientApp'),
  '/legal': () => import('./legal/LegalApp'),
  '/admin': () => import('./admin/AdminApp'),
  '/pay/': () => import('./debtor/DebtorApp'),
};
const AgentApp = lazy(chunks['/agent']);
const ClientApp = lazy(chunks['/client']);
const LegalApp = lazy(chunks['/legal']);
const AdminApp = lazy(chunks['/admin']);
const DebtorApp = lazy(chunks['/pay/']);
// The chunk the address names starts loading now, beside the session request, not after it.
const opening = Object.entries(chunks).find(([prefix]) => window.location.pathname.startsWith(prefix));
if (opening) void opening[1]();

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
