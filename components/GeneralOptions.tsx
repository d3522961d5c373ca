import type { BadgeMode, Settings, Theme, UiLanguage } from '@/lib/settings';
import { t } from '@/lib/i18n';

export type GeneralValues = Pick<Settings, 'reader' | 'notifications' | 'badgeMode' | 'retentionDays' | 'trending'>;

/** Badge, notifications, history, appearance and language. */
export function GeneralOptions({
  value,
  onChange,
  askNotifications,
}: {
  value: GeneralValues;
  onChange(next: GeneralValues): void;
  askNotifications?: () => Promise<boolean>;
}) {
  const set = (patch: Partial<GeneralValues>) => onChange({ ...value, ...patch });
  const setReader = (patch: Partial<GeneralValues['reader']>) => set({ reader: { ...value.reader, ...patch } });
  return (
    <fieldset class="general">
      <legend>{t('general.legend')}</legend>
      <div class="row">
        <label for="badge-mode">{t('general.badge')}</label>
        <select id="badge-mode" value={value.badgeMode} onChange={(e) => set({ badgeMode: (e.target as HTMLSelectElement).value as BadgeMode })}>
          <option value="relevant">{t('general.badge.relevant')}</option>
          <option value="all">{t('general.badge.all')}</option>
          <option value="off">{t('general.badge.off')}</option>
        </select>
      </div>
      <div class="row">
        <label>
          <input
            type="checkbox"
            checked={value.notifications}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              // The permission is asked for from this click; without it the box stays off.
              if (on && askNotifications) void askNotifications().then((granted) => set({ notifications: granted }));
              else set({ notifications: on });
            }}
          />{' '}
          {t('general.notify')}
        </label>
      </div>
      <div class="row">
        <label>
          <input
            type="checkbox"
            checked={value.trending.enabled}
            onChange={(e) => set({ trending: { ...value.trending, enabled: (e.target as HTMLInputElement).checked } })}
          />{' '}
          {t('general.trending')}
        </label>
      </div>
      <div class="row">
        <label>
          <input
            type="checkbox"
            checked={value.trending.countOnBadge}
            disabled={!value.trending.enabled}
            onChange={(e) => set({ trending: { ...value.trending, countOnBadge: (e.target as HTMLInputElement).checked } })}
          />{' '}
          {t('general.trendingBadge')}
        </label>
      </div>
      <div class="row">
        <label for="retention">{t('general.retention')}</label>
        <input
          id="retention"
          type="number"
          min={7}
          max={3650}
          value={value.retentionDays}
          onChange={(e) => set({ retentionDays: Number((e.target as HTMLInputElement).value) || 60 })}
        />
        <span class="muted">{t('general.retentionNote')}</span>
      </div>
      <div class="row">
        <label for="theme">{t('general.theme')}</label>
        <select id="theme" value={value.reader.theme} onChange={(e) => setReader({ theme: (e.target as HTMLSelectElement).value as Theme })}>
          <option value="system">{t('general.theme.system')}</option>
          <option value="light">{t('general.theme.light')}</option>
          <option value="dark">{t('general.theme.dark')}</option>
        </select>
      </div>
      <div class="row">
        <label for="ui-language">{t('general.language')}</label>
        <select id="ui-language" value={value.reader.uiLanguage} onChange={(e) => setReader({ uiLanguage: (e.target as HTMLSelectElement).value as UiLanguage })}>
          <option value="auto">{t('general.language.auto')}</option>
          <option value="en" lang="en">English</option>
          <option value="zh-CN" lang="zh-CN">简体中文</option>
        </select>
      </div>
    </fieldset>
  );
}
