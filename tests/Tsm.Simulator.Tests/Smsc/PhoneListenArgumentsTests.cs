using Tsm.Simulator.Cli;
using Tsm.Simulator.Phone;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary><c>phone ... listen</c>: its command line (the run itself needs a gateway).</summary>
public sealed class PhoneListenArgumentsTests
{
    private static readonly string[] Phone = ["--gateway", "http://127.0.0.1:5000", "--seid", "86000000000000000001", "--msisdn", "8613900000001"];

    [Fact]
    public void Listen_takes_the_air_interface_port_count_and_wait()
    {
        var parsed = PhoneArguments.Parse([.. Phone, "listen", "--air", "http://127.0.0.1:8080/sim", "--port", "2948", "--count", "3", "--wait", "5"]);

        Assert.Equal("listen", parsed.Action);
        Assert.Equal(new Uri("http://127.0.0.1:8080/sim/"), parsed.Air);
        Assert.Equal((2948, 3, TimeSpan.FromSeconds(5)), (parsed.Port, parsed.Count!.Value, parsed.Wait));
    }

    [Fact]
    public void Every_action_takes_the_air_interface_for_the_registration_code()
    {
        var parsed = PhoneArguments.Parse([.. Phone, "sync", "--air", "http://127.0.0.1:8080"]);

        Assert.Equal(new Uri("http://127.0.0.1:8080/"), parsed.Air);
        Assert.Equal((PushListener.DefaultPort, null), (parsed.Port, parsed.Count));
    }

    [Fact]
    public void Listen_defaults_to_port_16145_a_30_second_wait_and_no_count()
    {
        var parsed = PhoneArguments.Parse([.. Phone, "listen", "--air", "http://127.0.0.1:8080"]);

        Assert.Equal((PushListener.DefaultPort, null, TimeSpan.FromSeconds(30)), (parsed.Port, parsed.Count, parsed.Wait));
        Assert.Equal((ushort)16145, PushListener.DefaultPort);
    }

    [Theory]
    [InlineData(new[] { "listen" }, "'--air' is required")]
    [InlineData(new[] { "listen", "--air", "tcp://x:1" }, "not an http(s) URL")]
    [InlineData(new[] { "listen", "--air", "http://x:1/", "--port", "65536" }, "--port")]
    [InlineData(new[] { "listen", "--air", "http://x:1/", "--count", "0" }, "--count")]
    [InlineData(new[] { "listen", "--air", "http://x:1/", "--wait", "61" }, "--wait")]
    [InlineData(new[] { "listen", "now", "--air", "http://x:1/" }, "takes no argument")]
    [InlineData(new[] { "sync", "--wait", "5" }, "'--wait' is for 'listen' only")]
    [InlineData(new[] { "login", "--count", "1" }, "'--count' is for 'listen' only")]
    public void Bad_listen_arguments_are_usage_errors(string[] args, string message)
    {
        var ex = Assert.Throws<UsageException>(() => PhoneArguments.Parse([.. Phone, .. args]));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_listen_arguments_print_the_usage_and_exit_64()
    {
        var stderr = new StringWriter();

        var exit = await PhoneCommand.RunAsync([.. Phone, "listen", "--count", "-1"], TextWriter.Null, stderr, CancellationToken.None);

        Assert.Equal(64, exit);
        Assert.Contains("listen --air URL [--port 16145] [--count N] [--wait SECONDS]", stderr.ToString(), StringComparison.Ordinal);
    }
}
