import { useAuth } from '../auth.tsx';
import { PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export default function HomePage() {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <section>
      <PageHeader title={t('overview.title')} intro={t('app.tagline')} />
      <p>{me?.user?.displayName}</p>
    </section>
  );
}
