import type { BadgeMode, Settings, Theme, UiLanguage } from '@/lib/settings';

export type GeneralValues = Pick<Settings, 'reader' | 'notifications' | 'badgeMode' | 'retentionDays'>;

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
      <legend>Badge, notifications and appearance</legend>
      <div class="row">
        <label for="badge-mode">Toolbar badge counts</label>
        <select id="badge-mode" value={value.badgeMode} onChange={(e) => set({ badgeMode: (e.target as HTMLSelectElement).value as BadgeMode })}>
          <option value="relevant">Unseen papers matching my keywords</option>
          <option value="all">All unseen papers of the listing</option>
          <option value="off">Nothing (no badge)</option>
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
          Notify me once per new listing, with the count
        </label>
      </div>
      <div class="row">
        <label for="retention">Keep listings for (days)</label>
        <input
          id="retention"
          type="number"
          min={7}
          max={3650}
          value={value.retentionDays}
          onChange={(e) => set({ retentionDays: Number((e.target as HTMLInputElement).value) || 60 })}
        />
        <span class="muted"> Starred papers are always kept.</span>
      </div>
      <div class="row">
        <label for="theme">Theme</label>
        <select id="theme" value={value.reader.theme} onChange={(e) => setReader({ theme: (e.target as HTMLSelectElement).value as Theme })}>
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
      <div class="row">
        <label for="ui-language">Interface language</label>
        <select id="ui-language" value={value.reader.uiLanguage} onChange={(e) => setReader({ uiLanguage: (e.target as HTMLSelectElement).value as UiLanguage })}>
          <option value="auto">Browser language</option>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </div>
    </fieldset>
  );
}
