import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { requestHost } from '@/lib/tenancy/request';
import { clientMessages } from '@/messages';
import { LanguageFooter } from '@/components/i18n/LanguageFooter';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: 'Quorum', template: '%s · Quorum' }, description: t('description') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  // Only what the area's client components use travels in the page (see CLIENT_NAMESPACES).
  const area = (await requestHost())?.kind === 'tenant' ? 'tenant' : 'root';
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <NextIntlClientProvider messages={clientMessages(locale, area)}>
          {children}
          <LanguageFooter />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
