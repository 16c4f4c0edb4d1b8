using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary><c>smsc --air-port</c>: the handsets' messages over HTTP, for phones in other processes.</summary>
public sealed class AirInterfaceTests : IAsyncLifetime
{
    private const string Msisdn = "8613900000001";

    private readonly Handsets _handsets = new();
    private AirInterface _air = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _air = new AirInterface(_handsets);
        _air.Start();
        _http = new HttpClient { BaseAddress = _air.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _air.DisposeAsync();
    }

    [Fact]
    public async Task The_next_message_comes_as_json()
    {
        var sent = _handsets.Deliver("10657", Msisdn, true, 4, new byte[] { 0x06, 0x05, 0x04, 0x3F, 0x11, 0x00, 0x00, 0xAB });

        using var response = await _http.GetAsync(new Uri($"/handsets/{Msisdn}/messages?wait=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("10657", root.GetProperty("source").GetString());
        Assert.Equal(Msisdn, root.GetProperty("destination").GetString());
        Assert.True(root.GetProperty("udhi").GetBoolean());
        Assert.Equal(4, root.GetProperty("dataCoding").GetInt32());
        Assert.Equal("0605043F110000AB", root.GetProperty("userData").GetString());
        Assert.Equal(sent.At, root.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_long_poll_answers_when_a_submit_comes_in()
    {
        await using var servers = SmscServers.Start(SmscCommand.Parse(["--smpp-port", "0", "--air-port", "0"]));
        using var http = new HttpClient { BaseAddress = servers.Air!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var client = new AirInterfaceClient(http);

        var polling = client.ReceiveAsync("+" + Msisdn, TimeSpan.FromSeconds(20)).AsTask();
        using var wire = await SmppWire.ConnectAsync(servers.Smpp!.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });
        await wire.CallAsync(new SubmitSm
        {
            Sequence = 2,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International(Msisdn),
            EsmClass = SmppEsmClass.Udhi,
            DataCoding = 4,
            ShortMessage = HandsetsTests.WakeUpData(),
        });

        var message = await polling;
        Assert.NotNull(message);
        Assert.Equal((Msisdn, true, (byte)4), (message.Destination, message.Udhi, message.DataCoding));
        Assert.Equal(27, message.UserData.Length);
    }

    [Fact]
    public async Task No_message_in_time_is_204()
    {
        using var response = await _http.GetAsync(new Uri($"/handsets/{Msisdn}/messages?wait=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await new AirInterfaceClient(_http).ReceiveAsync(Msisdn, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("/handsets/1234/messages", "Bad MSISDN")]
    [InlineData("/handsets/86139abc00000/messages", "Bad MSISDN")]
    [InlineData("/handsets/8613900000001/messages?wait=61", "Bad wait")]
    [InlineData("/handsets/8613900000001/messages?wait=-1", "Bad wait")]
    [InlineData("/handsets/8613900000001/messages?wait=soon", "Bad wait")]
    public async Task Bad_input_is_400_with_problem_details(string path, string title)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((title, 400), (json.RootElement.GetProperty("title").GetString(), json.RootElement.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Other_paths_are_404_and_other_methods_405()
    {
        using var unknown = await _http.GetAsync(new Uri("/phones", UriKind.Relative));
        using var post = await _http.PostAsync(new Uri($"/handsets/{Msisdn}/messages", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task A_poll_whose_phone_hangs_up_takes_no_message()
    {
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, _air.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /handsets/{Msisdn}/messages?wait=30 HTTP/1.1\r\nHost: x\r\n\r\n"));
            socket.Shutdown(SocketShutdown.Send);
        }

        // The server notices the hang-up; a message sent afterwards is still there for the next poll.
        for (var i = 0; _air.HungUp == 0; i++)
        {
            Assert.True(i < 1000, "the hang-up was not noticed within 10 s");
            await Task.Delay(10);
        }
        _handsets.Deliver("10657", Msisdn, false, 0, "kept"u8);
        var message = await new AirInterfaceClient(_http).ReceiveAsync(Msisdn, TimeSpan.FromSeconds(5));
        Assert.Equal("kept"u8.ToArray(), message!.UserData.ToArray());
    }

    [Fact]
    public void Air_port_is_an_smsc_option()
    {
        Assert.Equal(8080, SmscCommand.Parse(["--smpp-port", "0", "--air-port", "8080"]).AirPort);
        Assert.Null(SmscCommand.Parse(["--smpp-port", "0"]).AirPort);
        Assert.Throws<UsageException>(() => SmscCommand.Parse(["--smpp-port", "0", "--air-port", "http"]));
    }

    [Fact]
    public async Task The_smsc_command_prints_the_air_interface()
    {
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        var run = SmscCommand.RunAsync(["--smpp-port", "0", "--air-port", "0"], new StringReader(""), TextWriter.Synchronized(stdout), TextWriter.Null, stop.Token);
        while (!stdout.ToString().Contains("air interface", StringComparison.Ordinal))
        {
            Assert.False(run.IsCompleted, stdout.ToString());
            await Task.Delay(10);
        }
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Matches(@"smsc: air interface for handsets on http://127\.0\.0\.1:\d+/", stdout.ToString());
    }
}
