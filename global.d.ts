import type { Locale } from '@/lib/config/locale';
import type { Messages } from '@/messages';

// next-intl checks every t('key') against the English catalogue at compile time.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
