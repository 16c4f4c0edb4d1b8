namespace Tsm.Simulator.Cli;

/// <summary>A small <c>--name value</c> option parser: repeated options keep every value, in order.</summary>
public sealed class Options
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private Options()
    {
    }

    /// <summary>Parses <c>--name value</c> pairs; every name must be in <paramref name="allowed"/>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing value or a stray argument.</exception>
    public static Options Parse(IReadOnlyList<string> args, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{arg}'");
            var name = arg[2..];
            if (!allowed.Contains(name))
                throw new UsageException($"unknown option '{arg}'");
            if (i + 1 >= args.Count)
                throw new UsageException($"option '{arg}' needs a value");
            if (!options._values.TryGetValue(name, out var list))
                options._values[name] = list = [];
            list.Add(args[++i]);
        }
        return options;
    }

    /// <summary>
    /// The secure-channel keys of a wrap command: <c>--key</c> alone (the one key for all three, as
    /// <c>Single</c>), or all of <c>--enc</c>, <c>--mac</c> and <c>--dek</c> (as <c>Triple</c>).
    /// </summary>
    /// <exception cref="UsageException">Both forms, or neither complete.</exception>
    public (string? Single, (string Enc, string Mac, string Dek) Triple) SecureChannelKeys()
    {
        var single = Single("key");
        var enc = Single("enc");
        var mac = Single("mac");
        var dek = Single("dek");
        if (single is not null)
        {
            if (enc is not null || mac is not null || dek is not null)
                throw new UsageException("give either --key or --enc/--mac/--dek, not both");
            return (single, default);
        }
        if (enc is null || mac is null || dek is null)
            throw new UsageException("the keys are required: --key, or all of --enc, --mac and --dek");
        return (null, (enc, mac, dek));
    }

    public string? Single(string name)
    {
        if (!_values.TryGetValue(name, out var list))
            return null;
        if (list.Count > 1)
            throw new UsageException($"option '--{name}' given more than once");
        return list[0];
    }

    public string Required(string name) => Single(name) ?? throw new UsageException($"option '--{name}' is required");

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>A hex option of an exact byte length (any length when <paramref name="length"/> is null).</summary>
    public static byte[] HexValue(string name, string value, int? length = null)
    {
        byte[] bytes;
        try
        {
            bytes = Protocol.Hex.Parse(value);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"option '--{name}': {ex.Message}");
        }
        if (length is { } n && bytes.Length != n)
            throw new UsageException($"option '--{name}' needs {n} bytes, got {bytes.Length}");
        return bytes;
    }
}

/// <summary>Bad command-line arguments: the command prints the message and its usage, and exits 64.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
