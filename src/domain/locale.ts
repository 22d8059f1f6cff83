/** The languages the bot speaks. Every sentence a person reads is written per locale; English is the default. */
export type Locale = 'en' | 'zh-CN';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
