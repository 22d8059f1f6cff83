/**
 * One watch of a workspace as App Home and review notes see it: where it is, what it follows, who started it, and
 * its live card while the card is the run's (a closed card takes no notes). The watcher lists them; the Slack layer
 * shows them.
 */
export interface TeamWatch {
  channelId: string;
  pipelineId: string;
  /** The pipeline's name as last seen, `null` before the first look. */
  pipelineName: string | null;
  createdBy: string | null;
  /** The live card (its thread takes notes), `null` before it is posted or once a newer run closed it. */
  card: { channelId: string; ts: string; runKey: string | null } | null;
}
