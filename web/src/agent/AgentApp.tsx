import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Shell } from '../components/Shell';
import { NotFound } from '../components/PageState';
import { addMessages } from '../i18n';
import { CallScreen } from './CallScreen';
import { CaseScreen } from './CaseScreen';
import { messages } from './messages';
import { Worklist } from './Worklist';

addMessages('agent', messages);

export default function AgentApp() {
  const { t } = useTranslation('agent');
  return (
    <Shell nav={[{ to: '/agent', label: t('nav.worklist'), end: true }]}>
      <Routes>
        <Route index element={<Worklist />} />
        <Route path="cases/:caseId" element={<CaseScreen />} />
        <Route path="cases/:caseId/call" element={<CallScreen />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}
