using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Cli;

/// <summary>
/// <c>cards new --seid HEX --state FILE</c> makes one fresh GP card; <c>cards batch --profile FILE --out DIR</c> makes
/// every card of an SE batch profile (JSON, <see cref="SeBatchProfile"/>) as state files named by SEID.
/// </summary>
public static class CardsCommand
{
    public const string Usage =
        "usage: Tsm.Simulator cards new --seid HEX --state FILE\n" +
        "       Tsm.Simulator cards batch --profile FILE.json --out DIR";

    private static readonly JsonSerializerOptions ProfileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            switch (args.ToArray())
            {
                case ["new", .. var rest]:
                {
                    var options = Options.Parse(rest, "seid", "state");
                    var seid = Protocol.Hex.Format(Options.HexValue("seid", options.Required("seid")));
                    var path = options.Required("state");
                    CardStateFile.Save(CardFactory.CreateDefault(seid), path);
                    stdout.WriteLine($"card {seid} written to {path}");
                    return ExitCodes.Ok;
                }
                case ["batch", .. var rest]:
                {
                    var options = Options.Parse(rest, "profile", "out");
                    var profile = ReadProfile(options.Required("profile"));
                    var dir = options.Required("out");
                    Directory.CreateDirectory(dir);
                    var count = 0;
                    ConsoleProgress.Run(stdout, $"batch '{profile.Name}'", profile.Count, step =>
                    {
                        foreach (var card in CardFactory.CreateBatch(profile))
                        {
                            CardStateFile.Save(card, Path.Combine(dir, card.SeId + ".json"));
                            count++;
                            step();
                        }
                    });
                    stdout.WriteLine($"{count} cards of batch '{profile.Name}' written to {dir}");
                    return ExitCodes.Ok;
                }
                default:
                    throw new UsageException("expected 'cards new' or 'cards batch'");
            }
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"cards: {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException or FormatException)
        {
            stderr.WriteLine($"cards: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    private static SeBatchProfile ReadProfile(string path) =>
        JsonSerializer.Deserialize<SeBatchProfile>(File.ReadAllText(path), ProfileOptions)
        ?? throw new UsageException($"'{path}' holds no profile");
}
