/**
 * Every Slack `action_id`, `callback_id` and command name the bot uses, in one place: the renderer puts them on
 * buttons, the listeners match on them, and `manifest.yml` declares the shortcut's callback id.
 */
export const COMMAND = '/pipeline';

export const ACTION_REFRESH = 'pipeline_refresh';
export const ACTION_WATCH = 'pipeline_watch';
export const ACTION_UNWATCH = 'pipeline_unwatch';
export const ACTION_SHARE = 'pipeline_share';
export const ACTION_PICK = 'pipeline_pick';
export const ACTION_OPEN_CONSOLE = 'pipeline_open_console';
export const ACTION_SHOW_LOG = 'pipeline_show_log';

export const SHORTCUT_FIND_PIPELINES = 'find_pipelines';
