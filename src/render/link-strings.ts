/** Every sentence of linking an account (`/pipeline login`, the modal, logout), per locale. */
import type { Locale } from '../domain/locale.js';

/**
 * Which method's fields the modal shows: the accounts' `LinkMethod` (src/accounts/linked-accounts.ts), which render
 * may not import; the Slack layer hands its methods over, so the compiler checks the two agree.
 */
export type LinkMethodName = 'password' | 'aksk' | 'token';

export interface LinkStrings {
  title: string;
  submit: string;
  close: string;
  intro: string;
  /** Said under the intro: what is kept and how. */
  keptHow: string;
  sections: Record<LinkMethodName, string>;
  fields: {
    user: string;
    domain: string;
    password: string;
    accessKey: string;
    secretKey: string;
    projectId: string;
    token: string;
  };
  errors: {
    nothing: string;
    needUser: string;
    needDomain: string;
    needSecretKey: string;
    needAccessKey: string;
    passwordRejected: string;
    keysRejected: string;
    tokenRejected: string;
    unavailable: string;
    tooLong: string;
    /** Too many link attempts by this person just now (password guessing would lock the IAM user). */
    tooManyAttempts: (seconds: number) => string;
    /** Proven, but the store did not say in time whether it kept the link. */
    storeLate: string;
    /** Slack's submission named no workspace or no person: nobody to link. */
    unidentified: string;
  };
  linked: (user: string, domain: string) => string;
  unlinked: (user: string) => string;
  notLinked: string;
  disabled: string;
  button: { link: string; unlink: string };
  modalFailed: string;
}

const EN: LinkStrings = {
  title: 'Link Huawei account',
  submit: 'Link',
  close: 'Cancel',
  intro: 'Link your own Huawei Cloud account, so that what you do from Slack (approve, refuse) is done as you.',
  keptHow:
    'Fill in *one* of the ways below. The bot checks it with Huawei Cloud first, keeps it encrypted, bound to you in this workspace, never logs or shows it, and forgets it on `/pipeline logout`. A password is never kept: only the token Huawei Cloud gives for it.',
  sections: {
    password: '*IAM user and password* — the bot keeps only the token (it ends after about a day; link again then)',
    aksk: '*Access key pair* — kept for signing your requests until you log out',
    token: '*A token you already have* — kept until it ends',
  },
  fields: {
    user: 'IAM user name',
    domain: 'Account name (IAM domain)',
    password: 'Password',
    accessKey: 'Access key ID (AK)',
    secretKey: 'Secret access key (SK)',
    projectId: 'Project ID (optional)',
    token: 'IAM token (X-Subject-Token)',
  },
  errors: {
    nothing: 'Fill in a password, an access key pair or a token.',
    needUser: 'Your IAM user name is needed with a password or a key pair.',
    needDomain: 'Your account (IAM domain) name is needed with a password or a key pair.',
    needSecretKey: 'The secret access key goes with the access key ID.',
    needAccessKey: 'The access key ID goes with the secret access key.',
    passwordRejected: 'Huawei Cloud IAM refused this user, account and password. Check all three.',
    keysRejected: 'Huawei Cloud refused a request signed with this key pair. Check both keys.',
    tokenRejected: 'Huawei Cloud IAM does not accept this token (wrong, or expired).',
    unavailable: 'Huawei Cloud did not answer in time. Nothing was linked; try again in a moment.',
    tooLong: 'That is too long.',
    tooManyAttempts: (seconds) => `Too many attempts — try again in ${seconds} s.`,
    storeLate: 'Saving the link took too long, so it may not be kept. Try again in a moment.',
    unidentified:
      'Slack did not say who sent this form or from which workspace, so nothing was linked. Run `/pipeline login` again.',
  },
  linked: (user, domain) => `Linked as *${user}* in account *${domain}*. Reviews you act on from Slack are yours.`,
  unlinked: (user) => `Your Huawei account *${user}* is no longer linked; its credential is deleted.`,
  notLinked: 'You were not linked: there was nothing to forget.',
  disabled:
    'Linking accounts is turned off on this bot: its operator has not set CREDENTIALS_KEY, the key that encrypts linked credentials.',
  button: { link: 'Link your Huawei account', unlink: 'Unlink' },
  modalFailed: 'The link form could not be opened (Slack took too long). Run `/pipeline login` again.',
};

const ZH: LinkStrings = {
  title: '绑定华为云账号',
  submit: '绑定',
  close: '取消',
  intro: '绑定你自己的华为云账号，这样你在 Slack 中的操作（通过、驳回）都以你本人的身份执行。',
  keptHow:
    '请填写以下*一种*方式。机器人会先向华为云验证，加密保存并绑定到你在本工作区的身份，绝不记录或显示，`/pipeline logout` 后即删除。密码不会被保存：只保存华为云签发的令牌。',
  sections: {
    password: '*IAM 用户名和密码* —— 只保存令牌（约一天后失效，届时请重新绑定）',
    aksk: '*访问密钥（AK/SK）* —— 用于签名你的请求，直到你解除绑定',
    token: '*已有的令牌* —— 保存到令牌失效为止',
  },
  fields: {
    user: 'IAM 用户名',
    domain: '账号名（IAM 域名）',
    password: '密码',
    accessKey: '访问密钥 ID（AK）',
    secretKey: '秘密访问密钥（SK）',
    projectId: '项目 ID（可选）',
    token: 'IAM 令牌（X-Subject-Token）',
  },
  errors: {
    nothing: '请填写密码、访问密钥或令牌之一。',
    needUser: '使用密码或访问密钥时需要填写 IAM 用户名。',
    needDomain: '使用密码或访问密钥时需要填写账号名（IAM 域名）。',
    needSecretKey: '填写了 AK，还需要填写 SK。',
    needAccessKey: '填写了 SK，还需要填写 AK。',
    passwordRejected: '华为云 IAM 拒绝了该用户名、账号名和密码，请逐一检查。',
    keysRejected: '华为云拒绝了用该访问密钥签名的请求，请检查 AK 和 SK。',
    tokenRejected: '华为云 IAM 不接受该令牌（错误或已过期）。',
    unavailable: '华为云未能及时响应，未进行绑定，请稍后重试。',
    tooLong: '内容太长。',
    tooManyAttempts: (seconds) => `尝试次数过多，请 ${seconds} 秒后重试。`,
    storeLate: '保存绑定耗时过长，可能未保存成功，请稍后重试。',
    unidentified: 'Slack 未提供提交此表单的用户或工作区，未进行绑定。请重新运行 `/pipeline login`。',
  },
  linked: (user, domain) => `已绑定为账号 *${domain}* 中的 *${user}*。你在 Slack 中的审批都以你本人身份进行。`,
  unlinked: (user) => `已解除华为云账号 *${user}* 的绑定，凭据已删除。`,
  notLinked: '你没有绑定账号，无需解除。',
  disabled: '本机器人未开启账号绑定：管理员尚未设置用于加密凭据的 CREDENTIALS_KEY。',
  button: { link: '绑定华为云账号', unlink: '解除绑定' },
  modalFailed: '无法打开绑定表单（Slack 超时），请重新运行 `/pipeline login`。',
};

/** The strings of `locale`. */
export function linkStrings(locale: Locale): LinkStrings {
  return locale === 'zh-CN' ? ZH : EN;
}
