// pulumi-passthrough-provider: a resource provider plugin for previews through the real Pulumi
// engine where the real providers (aws, gcp, random, eks, kubernetes) cannot be built or reached.
// The engine finds it as `pulumi-resource-<package>` on PATH (scripts/setup/50-pulumi.sh makes one
// link per package) and talks to it over the provider gRPC protocol like to any provider.
//
// It only previews: Check returns the inputs unchanged, Create (preview) returns the inputs as the
// outputs, so every output that is not an input stays unknown to the program, as a real provider
// leaves computed outputs during a preview. Remote components (`eks:index:Cluster`) are registered
// as one component with no children. What it does not model is listed in tools/passthrough-provider/README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

type provider struct {
	pulumirpc.UnimplementedResourceProviderServer
	pkg    string
	config map[string]string
}

func (p *provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: "0.0.0-passthrough"}, nil
}

// GetSchema: an empty package; the engine asks only when something needs the schema (not a preview).
func (p *provider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: fmt.Sprintf(`{"name":%q,"version":"0.0.0"}`, p.pkg)}, nil
}

func (p *provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *provider) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return diff(req), nil
}

func (p *provider) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	p.config = req.GetVariables()
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, AcceptResources: true, AcceptOutputs: true, SupportsPreview: true}, nil
}

func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return diff(req), nil
}

// diff compares old and new inputs as a whole: a change is an update, never a replacement (the
// real providers' replace-on-change rules are in their schemas, which this plugin does not have).
func diff(req *pulumirpc.DiffRequest) *pulumirpc.DiffResponse {
	olds, news := req.GetOldInputs(), req.GetNews()
	if olds == nil {
		olds = req.GetOlds()
	}
	changes := pulumirpc.DiffResponse_DIFF_NONE
	var diffs []string
	om, nm := olds.GetFields(), news.GetFields()
	for k, v := range nm {
		if o, ok := om[k]; !ok || !proto.Equal(o, v) {
			diffs = append(diffs, k)
		}
	}
	for k := range om {
		if _, ok := nm[k]; !ok {
			diffs = append(diffs, k)
		}
	}
	if len(diffs) > 0 {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return &pulumirpc.DiffResponse{Changes: changes, Diffs: diffs}
}

func (p *provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	if !req.GetPreview() {
		return nil, fmt.Errorf("pulumi-passthrough-provider (%s) only previews; it cannot create %s", p.pkg, req.GetUrn())
	}
	return &pulumirpc.CreateResponse{Properties: req.GetProperties()}, nil
}

func (p *provider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	if !req.GetPreview() {
		return nil, fmt.Errorf("pulumi-passthrough-provider (%s) only previews; it cannot update %s", p.pkg, req.GetUrn())
	}
	return &pulumirpc.UpdateResponse{Properties: req.GetNews()}, nil
}

func (p *provider) Delete(_ context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return nil, fmt.Errorf("pulumi-passthrough-provider (%s) only previews; it cannot delete %s", p.pkg, req.GetUrn())
}

func (p *provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return nil, fmt.Errorf("pulumi-passthrough-provider (%s) cannot read live resources (%s)", p.pkg, req.GetUrn())
}

func (p *provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Invoke answers the data sources of the planner's invoke table (planner/mocks.ts) with the same
// values, so the engine's preview and the offline plan see the same facts; anything else fails.
func (p *provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	answer, err := invoke(req.GetTok(), req.GetArgs().AsMap(), p.config)
	if err != nil {
		return nil, err
	}
	ret, err := structpb.NewStruct(answer)
	if err != nil {
		return nil, fmt.Errorf("invoke %s: %w", req.GetTok(), err)
	}
	return &pulumirpc.InvokeResponse{Return: ret}, nil
}

// Construct registers a remote component as one component resource, with its inputs as its
// outputs and no children: the real package's children (an EKS control plane, node groups, ...)
// are not modelled.
func (p *provider) Construct(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	conn, err := grpc.NewClient(req.GetMonitorEndpoint(), grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, fmt.Errorf("construct %s: connecting to the engine: %w", req.GetType(), err)
	}
	defer conn.Close()
	monitor := pulumirpc.NewResourceMonitorClient(conn)
	reg, err := monitor.RegisterResource(ctx, &pulumirpc.RegisterResourceRequest{
		Type:            req.GetType(),
		Name:            req.GetName(),
		Parent:          req.GetParent(),
		Custom:          false,
		Object:          &structpb.Struct{},
		Dependencies:    req.GetDependencies(),
		Providers:       req.GetProviders(),
		Protect:         req.Protect,
		Aliases:         req.GetAliases(),
		AcceptSecrets:   true,
		AcceptResources: true,
	})
	if err != nil {
		return nil, fmt.Errorf("construct %s: %w", req.GetType(), err)
	}
	state := req.GetInputs()
	if state == nil {
		state = &structpb.Struct{}
	}
	if _, err := monitor.RegisterResourceOutputs(ctx, &pulumirpc.RegisterResourceOutputsRequest{Urn: reg.GetUrn(), Outputs: state}); err != nil {
		return nil, fmt.Errorf("construct %s: %w", req.GetType(), err)
	}
	return &pulumirpc.ConstructResponse{Urn: reg.GetUrn(), State: state}, nil
}

func main() {
	// The package is the binary's name: pulumi-resource-<pkg>.
	pkg := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-resource-")
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, &provider{pkg: pkg})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-passthrough-provider: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-passthrough-provider: %v\n", err)
		os.Exit(1)
	}
}
