/** Pure IAM policy builders shared by the AWS components. */

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  /** Resource policies only. */
  Principal?: string | Record<string, string | string[]>;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting one AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/** Read access to exactly these Secrets Manager secrets (what ECS needs to inject `secrets`). */
export function readSecretsPolicy(secretArns: string[]): string {
  return policyDocument([{ Sid: "ReadInjectedSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns].sort() }]);
}

/** ECS pulls images and writes container logs with the execution role; nothing else. */
export const ecsExecutionManagedPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
