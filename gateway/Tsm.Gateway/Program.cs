var app = Tsm.Gateway.GatewayApp.Build(args);
app.Run();
