package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The planner's fake account id and project number (planner/fakes.ts), so both report the same ARNs.
const fakeAccountID = "123456789012"
const fakeGcpProjectNumber = "123456789012"

func zones(region string) []any {
	return []any{region + "a", region + "b", region + "c"}
}

// invoke mirrors planner/mocks.ts invokeTable. config is the provider's configuration
// ("aws:region", "gcp:project", ...), as the real provider answers from it.
func invoke(tok string, args map[string]any, config map[string]string) (map[string]any, error) {
	region := config["aws:region"]
	if strings.HasPrefix(tok, "gcp:") {
		region = config["gcp:region"]
	}
	project := config["gcp:project"]
	switch tok {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return map[string]any{"accountId": fakeAccountID, "arn": "arn:aws:iam::" + fakeAccountID + ":user/ai-infra-plan",
			"userId": "AIDAFAKEOFFLINEPLAN", "id": fakeAccountID}, nil
	case "aws:index/getRegion:getRegion":
		return map[string]any{"id": region, "name": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}, nil
	case "aws:index/getPartition:getPartition":
		return map[string]any{"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}, nil
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		ids := []any{}
		prefix := strings.ReplaceAll(region, "-", "")
		if len(prefix) > 4 {
			prefix = prefix[:4]
		}
		for i := range zones(region) {
			ids = append(ids, fmt.Sprintf("%s-az%d", prefix, i+1))
		}
		return map[string]any{"id": region, "names": zones(region), "zoneIds": ids, "groupNames": []any{region}}, nil
	case "aws:iam/getPolicyDocument:getPolicyDocument":
		return policyDocument(args)
	case "gcp:organizations/getProject:getProject":
		id := project
		if s, ok := args["projectId"].(string); ok {
			id = s
		}
		return map[string]any{"id": "projects/" + id, "projectId": id, "number": fakeGcpProjectNumber, "name": id}, nil
	case "gcp:compute/getZones:getZones":
		return map[string]any{"id": region, "names": []any{region + "-a", region + "-b", region + "-c"}, "project": ""}, nil
	}
	// getClientConfig is in the planner's table too, but returns an access token (a secret); no
	// program here reads it, so it is refused rather than answered with a plaintext fake.
	return nil, fmt.Errorf("pulumi-passthrough-provider: no answer for invoke %s (it answers the data sources of planner/mocks.ts invokeTable)", tok)
}

// policyDocument renders aws.iam.getPolicyDocument's JSON, which the real provider also computes
// locally, in the planner's shape (single values unwrapped from one-element lists).
func policyDocument(args map[string]any) (map[string]any, error) {
	one := func(v any) any {
		if xs, ok := v.([]any); ok && len(xs) == 1 {
			return xs[0]
		}
		return v
	}
	type kv struct {
		k string
		v any
	}
	var statements []json.RawMessage
	list, _ := args["statements"].([]any)
	for _, raw := range list {
		s, _ := raw.(map[string]any)
		var fields []kv
		if sid, ok := s["sid"].(string); ok && sid != "" {
			fields = append(fields, kv{"Sid", sid})
		}
		effect := "Allow"
		if e, ok := s["effect"].(string); ok {
			effect = e
		}
		fields = append(fields, kv{"Effect", effect})
		for _, f := range [][2]string{{"actions", "Action"}, {"notActions", "NotAction"}, {"resources", "Resource"}, {"notResources", "NotResource"}} {
			if v, ok := s[f[0]]; ok {
				fields = append(fields, kv{f[1], one(v)})
			}
		}
		if ps, ok := s["principals"].([]any); ok {
			principal := map[string]any{}
			for _, pr := range ps {
				m, _ := pr.(map[string]any)
				principal[fmt.Sprint(m["type"])] = one(m["identifiers"])
			}
			fields = append(fields, kv{"Principal", principal})
		}
		if cs, ok := s["conditions"].([]any); ok {
			cond := map[string]map[string]any{}
			for _, c := range cs {
				m, _ := c.(map[string]any)
				test := fmt.Sprint(m["test"])
				if cond[test] == nil {
					cond[test] = map[string]any{}
				}
				cond[test][fmt.Sprint(m["variable"])] = one(m["values"])
			}
			fields = append(fields, kv{"Condition", cond})
		}
		// Keys in the planner's order (JSON.stringify keeps insertion order; Go maps do not).
		var b strings.Builder
		b.WriteString("{")
		for i, f := range fields {
			if i > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(f.k)
			v, err := json.Marshal(f.v)
			if err != nil {
				return nil, err
			}
			b.Write(k)
			b.WriteString(":")
			b.Write(v)
		}
		b.WriteString("}")
		statements = append(statements, json.RawMessage(b.String()))
	}
	version := "2012-10-17"
	if v, ok := args["version"].(string); ok {
		version = v
	}
	stmts, err := json.Marshal(statements)
	if err != nil {
		return nil, err
	}
	if statements == nil {
		stmts = []byte("[]")
	}
	doc := fmt.Sprintf(`{"Version":%q,"Statement":%s}`, version, stmts)
	return map[string]any{"id": fmt.Sprint(len(doc)), "json": doc, "minifiedJson": doc}, nil
}
