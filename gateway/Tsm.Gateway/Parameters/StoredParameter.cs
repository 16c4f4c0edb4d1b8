namespace Tsm.Gateway.Parameters;

/// <summary>A row of the parameter table: a value set through the API, with who set it and when.</summary>
public sealed record StoredParameter(string Name, string Value, DateTimeOffset UpdatedAt, string UpdatedBy);
