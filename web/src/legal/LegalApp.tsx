import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Shell } from '../components/Shell';
import { NotFound } from '../components/PageState';
import { addMessages } from '../i18n';
import { LegalCase } from './LegalCase';
import { LegalQueue } from './LegalQueue';
import { messages } from './messages';
import { READABLE_ERRORS } from './readable-errors';

addMessages('legal', messages);

/** Legal staff: the queue of cases in legal review and legal, and each case with its assessment. */
export default function LegalApp() {
  const { t } = useTranslation('legal');
  return (
    <Shell nav={[{ to: '/legal', label: t('nav.queue') }]}>
      <div style={READABLE_ERRORS}>
        <Routes>
          <Route index element={<LegalQueue />} />
          <Route path="cases/:id" element={<LegalCase />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
    </Shell>
  );
}
