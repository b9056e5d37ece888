import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { apiStageName } from "./front-door";

/**
 * The base path the API's stage is mapped under on the custom domain: `https://<domain>/v1` is the
 * same base URL as the regional `https://<id>.execute-api.<region>.amazonaws.com/v1`, so an OpenAI
 * client's base URL keeps its `/v1` whichever name it uses.
 */
export const domainBasePath = apiStageName;

/** The URL callers use once the stack has a domain. */
export function domainApiUrl(domain: string): string {
  return `https://${domain}/${domainBasePath}`;
}

export interface RegionalDomainArgs {
  /** `api.domain`: the same name in every region; each region has its own regional custom domain. */
  domain: string;
  /** Route 53 hosted zone id (`api.dnsZone`) the certificate is validated in. */
  zoneId: string;
  /** The region's REST API and its stage. */
  restApiId: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
}

/**
 * One region's entry under the stack's domain: an ACM certificate for `domain` in the region
 * (a regional custom domain needs a certificate "in the same Region as your API",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-regional-api-custom-domain-create.html),
 * validated by DNS in the stack's zone; the REGIONAL custom domain name; and the mapping of the
 * API's `v1` stage under `/v1`. The records that send callers here are the failover routing's
 * (`failover.ts`); this component only makes the region answer for the name.
 *
 * ACM certificates are regional and a name is validated again in each region
 * (https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html); ACM gives the same
 * validation CNAME for the same name in every region of an account, so each region's record
 * upserts the same record (`allowOverwrite`) instead of failing on it
 * (https://github.com/hashicorp/terraform-provider-aws/issues/13653). The record must stay for
 * ACM's managed renewal: removing one region from a stack deletes it, and the next `pulumi up`
 * of the remaining regions writes it again.
 */
export class RegionalDomain extends pulumi.ComponentResource {
  /** `d-xxxx.execute-api.<region>.amazonaws.com`: where the region's records point. */
  readonly targetDomainName: pulumi.Output<string>;
  readonly targetZoneId: pulumi.Output<string>;
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: RegionalDomainArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:RegionalDomain", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    // https://www.pulumi.com/registry/packages/aws/api-docs/acm/certificate/ (DNS validation)
    const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: args.domain, validationMethod: "DNS" }, o);
    const option = cert.domainValidationOptions.apply((opts) => {
      const first = opts.find((v) => v.domainName === args.domain) ?? opts[0];
      if (!first) throw new Error(`ACM gave no DNS validation record for ${args.domain}`);
      return first;
    });
    const validationRecord = new aws.route53.Record(
      `${name}-cert-validation`,
      {
        zoneId: args.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      o,
    );
    // Waits until ACM has issued the certificate: a custom domain name refuses one that is pending.
    // https://www.pulumi.com/registry/packages/aws/api-docs/acm/certificatevalidation/
    const validation = new aws.acm.CertificateValidation(
      `${name}-cert-issued`,
      { certificateArn: cert.arn, validationRecordFqdns: [validationRecord.fqdn] },
      o,
    );
    // https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/domainname/ (regional); TLS 1.2 at least.
    const domain = new aws.apigateway.DomainName(
      `${name}-name`,
      {
        domainName: args.domain,
        regionalCertificateArn: validation.certificateArn,
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy: "TLS_1_2",
      },
      o,
    );
    // https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/basepathmapping/
    new aws.apigateway.BasePathMapping(
      `${name}-mapping`,
      { domainName: domain.domainName, restApi: args.restApiId, stageName: args.stageName, basePath: domainBasePath },
      o,
    );
    this.targetDomainName = domain.regionalDomainName;
    this.targetZoneId = domain.regionalZoneId;
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ targetDomainName: this.targetDomainName, targetZoneId: this.targetZoneId, certificateArn: this.certificateArn });
  }
}
