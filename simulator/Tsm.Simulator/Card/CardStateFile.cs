using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Simulator.Card;

/// <summary>Saves and loads a <see cref="CardImage"/> as JSON; saving replaces the file atomically so a crash never leaves half a card.</summary>
public static class CardStateFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Save(CardImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Serialize(image));
        File.Move(temp, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">The file is not a card state.</exception>
    public static CardImage Load(string path)
    {
        try
        {
            return Deserialize(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a simulated card state: {ex.Message}", ex);
        }
    }

    public static string Serialize(CardImage image) => JsonSerializer.Serialize(image, Options);

    public static CardImage Deserialize(string json) =>
        JsonSerializer.Deserialize<CardImage>(json, Options) ?? throw new InvalidDataException("Empty card state.");

    /// <summary>A deep copy (used to snapshot a card, e.g. for tests comparing states).</summary>
    public static CardImage Clone(CardImage image) => Deserialize(Serialize(image));
}
