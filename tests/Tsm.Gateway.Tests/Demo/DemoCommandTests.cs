using Tsm.Simulator.Demo;

namespace Tsm.Gateway.Tests.Demo;

/// <summary>
/// <c>Tsm.Simulator demo</c> end to end: the built gateway (beside these tests) on the embedded profile, the SMSC
/// simulator and two phones that register with an SMS code, get a wake-up push and download (docs/cli.md, "demo").
/// </summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Two_phones_register_receive_a_wake_up_push_and_download_the_demo_application()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var work = Directory.CreateTempSubdirectory("tsm-demo-test-").FullName;
        try
        {
            var exit = await DemoCommand.RunAsync(
                new DemoOptions { Phones = 2, GatewayDll = Path.Combine(AppContext.BaseDirectory, "Tsm.Gateway.dll"), WorkDirectory = work },
                TextWriter.Synchronized(stdout),
                TextWriter.Synchronized(stderr),
                CancellationToken.None);

            var output = stdout.ToString();
            Assert.True(exit == 0, output + stderr);
            Assert.Contains("gateway: healthy after", output, StringComparison.Ordinal);
            foreach (var phone in new[] { "phone 1 | ", "phone 2 | " })
            {
                Assert.Contains(phone + "registration: code received by SMS", output, StringComparison.Ordinal);
                Assert.Matches(System.Text.RegularExpressions.Regex.Escape(phone) + @"push \S+: download A000000333010101 succeeded", output);
                Assert.Contains(phone + "done: 1 push(es) handled, 1 succeeded", output, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("registered=false", output, StringComparison.Ordinal);
            Assert.Contains("demo: 2 of 2 phone(s) registered and downloaded A000000333010101 after a wake-up push", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
