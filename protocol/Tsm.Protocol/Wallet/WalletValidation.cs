namespace Tsm.Protocol.Wallet;

/// <summary>Request checks the gateway applies before acting; each returns every problem (empty when valid).</summary>
public static class WalletValidation
{
    public static IReadOnlyList<string> Validate(WalletLoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        CheckDigits(request.Msisdn, "msisdn", 5, 15, problems);
        CheckHex(request.SeId, "seId", 1, 32, problems);
        CheckDigits(request.Imsi, "imsi", 6, 15, problems);
        if (request.Token is not null)
            CheckHex(request.Token, "token", 1, 255, problems);
        if (request.Code is not null && (request.Code.Length != 6 || !request.Code.All(char.IsAsciiDigit)))
            problems.Add("code: six digits");
        return problems;
    }

    public static IReadOnlyList<string> Validate(WalletCodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        CheckDigits(request.Msisdn, "msisdn", 5, 15, problems);
        CheckHex(request.SeId, "seId", 1, 32, problems);
        return problems;
    }

    public static IReadOnlyList<string> Validate(WalletOperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (request.Msisdn is not null)
            CheckDigits(request.Msisdn, "msisdn", 5, 15, problems);
        if (request.SeId is not null)
            CheckHex(request.SeId, "seId", 1, 32, problems);
        if (!Enum.IsDefined(request.Operation))
            problems.Add("operation: not a wallet operation");
        if (!Enum.IsDefined(request.Channel))
            problems.Add("channel: not a wallet channel");
        if (request.Operation == WalletOperation.Register)
            problems.Add("operation: register is started by a login, not asked for");
        else if (request.Operation == WalletOperation.Sync)
        {
            if (request.ApplicationAid is not null)
                problems.Add("applicationAid: must be null for sync");
        }
        else if (request.ApplicationAid is null)
            problems.Add($"applicationAid: required for {request.Operation.ToString().ToLowerInvariant()}");
        else
            CheckHex(request.ApplicationAid, "applicationAid", 5, 16, problems);
        return problems;
    }

    private static void CheckDigits(string? value, string name, int min, int max, List<string> problems)
    {
        if (string.IsNullOrEmpty(value) || value.Length < min || value.Length > max || !value.All(char.IsAsciiDigit))
            problems.Add($"{name}: '{ClientText.Bounded(value)}' must be {min} to {max} decimal digits");
    }

    private static void CheckHex(string? value, string name, int minBytes, int maxBytes, List<string> problems)
    {
        if (string.IsNullOrEmpty(value) || value.Length % 2 != 0 || !value.All(char.IsAsciiHexDigit)
            || value.Length / 2 < minBytes || value.Length / 2 > maxBytes)
            problems.Add($"{name}: '{ClientText.Bounded(value)}' must be hex of {minBytes} to {maxBytes} bytes");
    }
}
