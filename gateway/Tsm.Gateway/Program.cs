using Tsm.Gateway.Cli;

// A command (audit verify, …; docs/cli.md) runs and exits; anything else starts the server.
if (GatewayCli.Handles(args))
    return await GatewayCli.RunAsync(args, Console.Out, Console.Error);

var app = Tsm.Gateway.GatewayApp.Build(args);
await app.RunAsync();
return 0;
