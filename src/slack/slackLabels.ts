import type { Language } from '../diagnose/types.js';

/** Labels the Slack messages need beyond the shared headings (src/diagnose/headings.ts). */
export interface SlackLabels {
  workload: string;
  firstSeen: string;
  occurrences: string;
  verify: string;
  rediagnose: string;
  mute1h: string;
  mute24h: string;
  unmute: string;
  onIt: string;
  runbook: string;
  onItBy: (user: string) => string;
  unmutedBy: (user: string) => string;
  resolvedAfter: (duration: string) => string;
  minutes: (n: number) => string;
  hours: (h: number, m: number) => string;
  moreItems: (n: number) => string;
  /** Under a list cut short in the message: the full list is the thread's first reply. */
  moreInThread: (n: number) => string;
  /** Title of the thread reply that carries the full lists. */
  fullDiagnosis: string;
  /** Title of the crashed container's log lines in the message. */
  logExcerpt: string;
  moreLines: (n: number) => string;
  stillFailing: (occurrences: number, lastSeen: string) => string;
  mutedBy: (user: string, hours: number) => string;
  notAllowed: (namespace: string) => string;
  mentionHint: string;
  diagnosing: (target: string) => string;
  noLongerFailing: (target: string) => string;
  /** Flood summary: "47 new failures in 31 namespaces". */
  floodTitle: (total: number, namespaces: number) => string;
  topCategories: string;
  floodHint: string;
  diagnose: string;
  /** A category's reply in a flood thread: "20 incidents". */
  incidents: (n: number) => string;
  floodMore: (n: number) => string;
  cluster: string;
}

const LABELS: Readonly<Record<Language, SlackLabels>> = {
  en: {
    workload: 'Workload',
    firstSeen: 'First seen',
    occurrences: 'Occurrences',
    verify: 'verify before acting',
    rediagnose: 'Re-diagnose',
    mute1h: 'Mute 1 h',
    mute24h: 'Mute 24 h',
    unmute: 'Unmute',
    onIt: "I'm on it",
    runbook: 'Runbook',
    onItBy: (user) => `:raising_hand: <@${user}> is on it`,
    unmutedBy: (user) => `:bell: <@${user}> unmuted this incident: updates are posted again.`,
    resolvedAfter: (duration) => `Resolved after ${duration}`,
    minutes: (n) => `${n} min`,
    hours: (h, m) => (m === 0 ? `${h} h` : `${h} h ${m} min`),
    moreItems: (n) => `…and ${n} more: ask in the thread`,
    moreInThread: (n) => `…and ${n} more in the thread`,
    fullDiagnosis: 'Full diagnosis',
    logExcerpt: 'Log of the crashed container (most telling lines)',
    moreLines: (n) => `… ${n} more lines`,
    stillFailing: (n, lastSeen) => `:repeat: Still failing: ${n} occurrences, last at ${lastSeen}.`,
    mutedBy: (user, hours) => `:no_bell: <@${user}> muted this incident for ${hours} h: no updates until then.`,
    notAllowed: (ns) => (ns === '' ? 'I may not read cluster-scoped objects for you (ALLOWED_NAMESPACES).' : `I may not read namespace \`${ns}\` for you (ALLOWED_NAMESPACES).`),
    mentionHint: 'Ask me in the thread of one of my incident messages, or run `/k8s-diagnose help`.',
    diagnosing: (target) => `Diagnosing ${target}…`,
    noLongerFailing: (target) => `:white_check_mark: ${target} is not failing any more.`,
    floodTitle: (total, ns) => `${total} new failure${total === 1 ? '' : 's'} in ${ns} namespace${ns === 1 ? '' : 's'}`,
    topCategories: 'top categories',
    floodHint: 'Too many new failures at once to diagnose each: they are listed per category in this thread. Press *Diagnose* on one for its full diagnosis.',
    diagnose: 'Diagnose',
    incidents: (n) => `${n} incident${n === 1 ? '' : 's'}`,
    floodMore: (n) => `…and ${n} more: \`/k8s-diagnose namespace <ns>\` diagnoses any of them.`,
    cluster: 'the cluster',
  },
  ja: {
    workload: 'ワークロード',
    firstSeen: '初回検知',
    occurrences: '発生回数',
    verify: '実行前に確認してください',
    rediagnose: '再診断',
    mute1h: '1時間ミュート',
    mute24h: '24時間ミュート',
    unmute: 'ミュート解除',
    onIt: '対応します',
    runbook: 'Runbook',
    onItBy: (user) => `:raising_hand: <@${user}> が対応中`,
    unmutedBy: (user) => `:bell: <@${user}> がミュートを解除しました。更新を再び通知します。`,
    resolvedAfter: (duration) => `${duration}で解決`,
    minutes: (n) => `${n}分`,
    hours: (h, m) => (m === 0 ? `${h}時間` : `${h}時間${m}分`),
    moreItems: (n) => `…ほか${n}件(スレッドで質問できます)`,
    moreInThread: (n) => `…ほか${n}件はスレッドに`,
    fullDiagnosis: '診断の全文',
    logExcerpt: 'クラッシュしたコンテナのログ（抜粋）',
    moreLines: (n) => `…ほか${n}行`,
    stillFailing: (n, lastSeen) => `:repeat: まだ発生中: ${n}回、最終 ${lastSeen}`,
    mutedBy: (user, hours) => `:no_bell: <@${user}> がこのインシデントを${hours}時間ミュートしました。それまで更新は通知しません。`,
    notAllowed: (ns) => (ns === '' ? 'クラスタスコープのオブジェクトは参照が許可されていません (ALLOWED_NAMESPACES)。' : `Namespace \`${ns}\` の参照は許可されていません (ALLOWED_NAMESPACES)。`),
    mentionHint: 'インシデントメッセージのスレッドで質問するか、`/k8s-diagnose help` を実行してください。',
    diagnosing: (target) => `${target} を診断しています…`,
    noLongerFailing: (target) => `:white_check_mark: ${target} はもう失敗していません。`,
    floodTitle: (total, ns) => `${ns}個のNamespaceで新しい障害${total}件`,
    topCategories: '主なカテゴリ',
    floodHint: '同時に多数の障害が発生したため、個別の診断を省略しました。カテゴリごとの一覧はこのスレッドにあります。*診断* を押すとその障害を診断します。',
    diagnose: '診断',
    incidents: (n) => `${n}件`,
    floodMore: (n) => `…ほか${n}件: \`/k8s-diagnose namespace <ns>\` で診断できます。`,
    cluster: 'クラスタ',
  },
};

/** The Slack-only labels in `language`. */
export function slackLabels(language: Language): SlackLabels {
  return LABELS[language];
}
