import { describe, expect, it } from 'vitest';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import { analyzeFixture } from '../analyze/analyzeFixture.js';

/** The rule answers of the categories beyond pods fill their commands with the fixture's real names. */
const EXPECTED: Record<string, { faultLocation: string; command: string }> = {
  ServiceNoEndpoints: { faultLocation: 'Service checkout (selector app=checkout)', command: 'kubectl get pods -n shop -l app=checkout -o wide' },
  IngressMisconfigured: { faultLocation: 'Ingress storefront → Service web', command: 'kubectl get service web -n shop -o wide' },
  AutoscalerFailing: { faultLocation: 'HorizontalPodAutoscaler api of Deployment/api', command: 'kubectl describe hpa api -n shop' },
  RolloutStuck: { faultLocation: 'rollout of Deployment/payments', command: 'kubectl rollout undo deployment/payments -n shop' },
  CronJobFailing: { faultLocation: 'CronJob nightly-report (last failed run: Job nightly-report-28577160)', command: 'kubectl create job nightly-report-manual --from=cronjob/nightly-report -n ops' },
  WebhookUnavailable: {
    faultLocation: 'admission webhook mpod.kb.io (Service podpolicy-system/podpolicy-webhook-service)',
    command: 'kubectl get endpointslices -n podpolicy-system -l kubernetes.io/service-name=podpolicy-webhook-service',
  },
  DisruptionBlocked: { faultLocation: 'PodDisruptionBudget zookeeper (blocking node worker-2)', command: 'kubectl get pods -A --field-selector spec.nodeName=worker-2' },
};

describe('rule answers of the categories beyond pods', () => {
  for (const [category, expected] of Object.entries(EXPECTED)) {
    it(category, () => {
      const [finding] = analyzeFixture(`categories/${category}`);
      if (finding === undefined) throw new Error('no finding');
      for (const language of ['en', 'ja'] as const) {
        const diagnosis = explainWithRules(finding, language);
        const commands = [...diagnosis.debugSteps, ...diagnosis.fixes].map((s) => s.command);
        expect(commands).toContain(expected.command);
        if (language === 'en') expect(diagnosis.faultLocation).toBe(expected.faultLocation);
      }
    });
  }
});
