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

// Acting as yourself (src/accounts/): linking, reviews from the card, reminders, App Home.
export const ACTION_LINK_ACCOUNT = 'account_link';
export const ACTION_UNLINK_ACCOUNT = 'account_unlink';
export const VIEW_LINK_ACCOUNT = 'account_link_modal';
export const ACTION_APPROVE = 'review_approve';
export const ACTION_REFUSE = 'review_refuse';
export const ACTION_REMIND_REVIEWERS = 'review_remind';
