/** The analyst's UTC/local choice for every time shown (tables, details, investigation), remembered. */
import type { TimeZoneChoice } from '../../shared/format';

const KEY = 'spot-desk.timeZone';

class TimeZoneSetting {
  current = $state<TimeZoneChoice>(TimeZoneSetting.load());

  private static load(): TimeZoneChoice {
    try {
      return localStorage.getItem(KEY) === 'local' ? 'local' : 'utc';
    } catch {
      return 'utc';
    }
  }

  set(zone: TimeZoneChoice): void {
    this.current = zone;
    try {
      localStorage.setItem(KEY, zone);
    } catch {
      // storage disabled: the choice lasts for this session
    }
  }
}

/** Read `timeZone.current` where a time is written: the view redraws when the analyst switches. */
export const timeZone = new TimeZoneSetting();
