import type { Language } from '../diagnose/types.js';
import type { Category, Finding } from './types.js';

/** What each category means, said of a container (`… が`) or of the workload, in Japanese. */
const JA: Readonly<Record<Category, { ofContainer: boolean; text: string }>> = {
  CrashLoopBackOff: { ofContainer: true, text: '終了と再起動を繰り返しています（CrashLoopBackOff）' },
  OOMKilled: { ofContainer: true, text: 'メモリ上限を超えて強制終了されています（OOMKilled）' },
  ImagePullBackOff: { ofContainer: true, text: 'イメージを取得できず起動できません（ImagePullBackOff）' },
  ImagePullAuth: { ofContainer: true, text: 'イメージの取得が認証で拒否されています' },
  CreateContainerConfigError: { ofContainer: true, text: '参照先の Secret / ConfigMap がなく作成できません' },
  CreateContainerError: { ofContainer: true, text: 'コンテナランタイムが作成に失敗しています' },
  RunContainerError: { ofContainer: true, text: '起動に失敗しています（実行ファイル・権限・アーキテクチャ）' },
  InsufficientResources: { ofContainer: false, text: 'リソース不足でスケジュールできません' },
  UnschedulableConstraints: { ofContainer: false, text: 'nodeSelector・アフィニティ・taint の条件に合うノードがなくスケジュールできません' },
  PVCUnbound: { ofContainer: false, text: 'PersistentVolumeClaim がボリュームにバインドされていません' },
  VolumeMountFailure: { ofContainer: false, text: 'ボリュームをマウントできません' },
  LivenessProbeFailure: { ofContainer: true, text: 'Liveness Probe に失敗して再起動されています' },
  ReadinessProbeFailure: { ofContainer: true, text: 'Readiness Probe に失敗し、トラフィックを受けていません' },
  StartupProbeFailure: { ofContainer: true, text: 'Startup Probe に失敗しています' },
  Evicted: { ofContainer: false, text: 'ノードのリソース逼迫で退避（Evicted）されました' },
  NodeNotReady: { ofContainer: false, text: 'ノードが NotReady です' },
  SandboxCreationFailure: { ofContainer: false, text: 'Pod サンドボックスを作成できません（CNI・ランタイム）' },
  QuotaExceeded: { ofContainer: false, text: 'ResourceQuota / LimitRange により作成が拒否されています' },
  AdmissionDenied: { ofContainer: false, text: 'アドミッション（PodSecurity・Webhook・RBAC）で作成が拒否されています' },
  JobFailed: { ofContainer: false, text: 'Job が失敗しました（BackoffLimitExceeded / DeadlineExceeded）' },
  InitContainerFailure: { ofContainer: true, text: '失敗を繰り返し、Pod が起動しません（init コンテナ）' },
  ServiceNoEndpoints: { ofContainer: false, text: 'Service に Ready なエンドポイントがありません' },
  IngressMisconfigured: { ofContainer: false, text: 'Ingress のバックエンド Service・ポートまたは IngressClass が存在しません' },
  AutoscalerFailing: { ofContainer: false, text: 'HPA がレプリカ数を計算できないか、上限に張り付いています' },
  RolloutStuck: { ofContainer: false, text: 'ロールアウトが進んでいません' },
  CronJobFailing: { ofContainer: false, text: 'CronJob の実行が続けて失敗しているか、実行されていません' },
  WebhookUnavailable: { ofContainer: false, text: 'アドミッション Webhook を呼び出せず、作成が止まっています' },
  DisruptionBlocked: { ofContainer: false, text: 'PodDisruptionBudget が退避を許さず、drain が進みません' },
  Other: { ofContainer: false, text: '障害が発生しています' },
};

/**
 * The finding's one-line summary in `language`. The analyzer writes English; in Japanese the
 * sentence is built from the finding's fields (where, how many pods, which container, what),
 * and the English summary's detail stays available in the evidence.
 */
export function summaryIn(finding: Finding, language: Language): string {
  if (language === 'en') return finding.summary;
  const meaning = JA[finding.category];
  const where = `${finding.namespace === '' ? '' : `${finding.namespace} の `}${finding.workload}`;
  const pods = finding.pods.length > 1 ? `（Pod ${finding.pods.length} 台）` : '';
  const container = finding.containers[0];
  const subject = meaning.ofContainer && container !== undefined ? `コンテナ "${container}" が` : '';
  return `${where}${pods}: ${subject}${meaning.text}`;
}
