/** What a storyboard export holds: the day's saved threats, each with its detail. */
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';

export interface StoryboardReport {
  pipeline: Pipeline;
  date: string;
  generatedAt: string;
  threats: StoryboardDetail[];
}

export const PIPELINE_NAME: Record<Pipeline, string> = { flow: 'Flow', dns: 'DNS', proxy: 'Proxy' };
