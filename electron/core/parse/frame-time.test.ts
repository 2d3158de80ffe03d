import { describe, expect, it } from 'vitest';
import { frameTimeHour, parseFrameTime } from './frame-time';

describe('parseFrameTime', () => {
  it('reads tshark frame.time with the comma after the space-padded day', () => {
    expect(parseFrameTime('Jan  4, 2017 04:41:06.337519000 UTC')).toEqual({
      month: 'Jan',
      day: 4,
      year: 2017,
      hour: 4,
      minute: 41,
      second: 6,
      zone: 'UTC',
    });
  });

  it("reads the form without the comma, as in spot-ml's test fixtures", () => {
    expect(parseFrameTime('May 20 2016 02:10:25.970987000 PDT')).toMatchObject({ day: 20, year: 2016, hour: 2 });
    expect(parseFrameTime('May  12 2015 11:32:45.543421000 UTC')).toMatchObject({ day: 12, hour: 11, zone: 'UTC' });
  });

  it('takes no fraction and no zone', () => {
    expect(parseFrameTime('Nov 24, 2026 23:59:59')).toMatchObject({ hour: 23, second: 59, zone: null });
  });

  it('refuses what is not a frame_time', () => {
    for (const text of [
      '',
      '-',
      'garbage',
      '2016-05-20 02:10:25',
      'Thu, 05 Mar 2026 00:00:00 GMT',
      'May 20 2016',
      'May 20 2016 24:00:00 UTC',
      'May 20 2016 02:60:00 UTC',
      'May 32 2016 02:10:25 UTC',
      ' May 20 2016 02:10:25 UTC',
      'May 20 2016 02:10:25 UTC ',
    ])
      expect(parseFrameTime(text), text).toBeNull();
  });

  it('frameTimeHour is the hour, NaN when not a frame_time', () => {
    expect(frameTimeHour('May 20 2016 02:10:25.970987000 PDT')).toBe(2);
    expect(frameTimeHour('Jan  4, 2017 14:41:06.337519000 UTC')).toBe(14);
    expect(frameTimeHour('garbage')).toBeNaN();
  });
});
