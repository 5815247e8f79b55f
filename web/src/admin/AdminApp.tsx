import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Shell } from '../components/Shell';
import { NotFound } from '../components/PageState';
import { addMessages } from '../i18n';
import { BrandLookPage } from './BrandLookPage';
import { CaseAssessmentPage, CasesPage } from './CasesPage';
import { ClientPage } from './ClientPage';
import { messages } from './messages';
import { READABLE_ERRORS } from '../legal/readable-errors';
import { OutgoingPage } from './OutgoingPage';
import { InvoiceRunPage } from '../invoices/InvoiceRunPage';
import { ComplaintsPage } from '../settlements/ComplaintsPage';
import { Overview } from './Overview';
import { TemplateEditor } from './TemplateEditor';
import { TemplatesPage } from './TemplatesPage';
import { UsersPage } from './UsersPage';

addMessages('admin', messages);

/** The agency admin: clients and their brands (identity and look), users, templates, any case's assessment. */
export default function AdminApp() {
  const { t } = useTranslation('admin');
  return (
    <Shell
      nav={[
        { to: '/admin', label: t('nav.overview'), end: true },
        { to: '/admin/templates', label: t('nav.templates') },
        { to: '/admin/users', label: t('nav.users') },
        { to: '/admin/cases', label: t('nav.cases') },
        { to: '/admin/outgoing', label: t('nav.outgoing') },
        { to: '/admin/invoices', label: t('run.title', { ns: 'invoices' }) },
        { to: '/admin/complaints', label: t('complaints.nav', { ns: 'settlements' }) },
      ]}
    >
      <div style={READABLE_ERRORS}>
        <Routes>
          <Route index element={<Overview />} />
          <Route path="clients/:id" element={<ClientPage />} />
          <Route path="brands/:id/look" element={<BrandLookPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="templates" element={<TemplatesPage />} />
          <Route path="templates/edit" element={<TemplateEditor />} />
          <Route path="cases" element={<CasesPage />} />
          <Route path="cases/:id/assessment" element={<CaseAssessmentPage />} />
          <Route path="outgoing" element={<OutgoingPage />} />
          <Route path="invoices" element={<InvoiceRunPage />} />
          <Route path="complaints" element={<ComplaintsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
    </Shell>
  );
}
