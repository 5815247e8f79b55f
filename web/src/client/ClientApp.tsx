import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/de';
import 'dayjs/locale/fr';
import 'dayjs/locale/nl';
import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NotFound } from '../components/PageState';
import { Shell } from '../components/Shell';
import { addMessages } from '../i18n';
import { CaseList } from './CaseList';
import { ClientCase } from './ClientCase';
import { Dashboard } from './Dashboard';
import { DisputesPage } from './DisputesPage';
import { ClientInvoicesPage } from '../invoices/InvoiceList';
import { messages } from './messages';
import { Placement } from './Placement';
import { SettlementsPage } from '../settlements/SettlementsPage';

addMessages('client', messages);

/** The client user's portal: its portfolio, its cases (with its instructions) and placing claims by file. */
export default function ClientApp() {
  const { t } = useTranslation('client');
  return (
    <Shell
      nav={[
        { to: '/client', label: t('nav.dashboard'), end: true },
        { to: '/client/cases', label: t('nav.cases') },
        { to: '/client/disputes', label: t('title', { ns: 'clientDisputes' }) },
        { to: '/client/settlements', label: t('page.nav', { ns: 'settlements' }) },
        { to: '/client/invoices', label: t('title', { ns: 'invoices' }) },
        { to: '/client/place', label: t('nav.place') },
      ]}
    >
      <Routes>
        <Route index element={<Dashboard />} />
        <Route path="cases" element={<CaseList />} />
        <Route path="cases/:id" element={<ClientCase />} />
        <Route path="place" element={<Placement />} />
        <Route path="disputes" element={<DisputesPage />} />
        <Route path="settlements" element={<SettlementsPage />} />
        <Route path="invoices" element={<ClientInvoicesPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}
