using Tsm.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayServices();

var app = builder.Build();
app.MapGatewayEndpoints();
app.Run();
