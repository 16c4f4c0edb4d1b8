using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tsm.Gateway.Tests.Http;

/// <summary>
/// Credentials the fuzzer presents on every request (none: anonymous), to reach behind the authorization policies.
/// <paramref name="NetworkMsisdnHeader"/>: the header with which the operator's network gateway vouches for a wallet's
/// number (docs/security.md, "Wallets"); when set, a request whose body names an <c>msisdn</c> carries it, so that
/// wallet logins succeed when the gateway trusts the fuzzer's address.
/// </summary>
public sealed record FuzzCredentials(string? BearerToken = null, string? ApiKey = null, string? NetworkMsisdnHeader = null)
{
    public static FuzzCredentials Anonymous { get; } = new();
}

/// <summary>One request the fuzzer sent that the gateway answered wrongly.</summary>
public sealed record FuzzFailure(string Operation, int Case, string Kind, string Request, int Status, string Problem)
{
    public override string ToString() => $"{Operation} case {Case} ({Kind}): {Request} → {Status}: {Problem}";
}

/// <summary>
/// Requests generated from the gateway's own OpenAPI document (docs/security.md, "Input handling"): for every operation,
/// valid-looking and malformed path and query parameters, bodies built from the request schema and then broken
/// (truncated, wrong types, huge strings, unicode, nulls, deep nesting, binary), wrong content types. Each request is
/// reproducible from (seed, operation, case). The gateway must answer every one below 500, and every 4xx with RFC 7807
/// problem details that name no .NET type and carry no stack trace.
/// </summary>
internal sealed class OpenApiFuzzer(HttpClient client, int seed, int casesPerOperation, FuzzCredentials credentials)
{
    private const int MaxDetail = 2001;

    private static readonly string[] Kinds =
    [
        "valid", "path", "query", "random-json", "truncated", "wrong-types", "huge-strings", "unicode", "nulls",
        "deep-nesting", "binary", "content-type", "empty", "extra-fields", "junk-credentials",
    ];

    private static readonly string[] Strange =
    [
        "", " ", "0", "-1", "1e309", "NaN", "null", "true", "[]", "{}", "ü€𝄞😀", "\u202Eevil", "a\u0000b", "line\r\nX-Injected: 1",
        "'; DROP TABLE x;--", "../../etc/passwd", "%00", "%0A", "${jndi:ldap://x}", "<script>alert(1)</script>", "\\", "\"", "/", "\t", "\r\n", "   ",
        "99999999999999999999999999", "-9223372036854775809", "8600000000000000000G", "86000000000000000001.", ".", "..",
    ];

    private JsonObject _document = [];

    public int Sent { get; private set; }

    /// <summary>How each operation answered: status code → count.</summary>
    public SortedDictionary<string, SortedDictionary<int, int>> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>Sends every case of every operation; returns the failures (empty: all answered well).</summary>
    public async Task<IReadOnlyList<FuzzFailure>> RunAsync(CancellationToken cancellationToken)
    {
        using (var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken))
        {
            response.EnsureSuccessStatusCode();
            _document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        }
        var failures = new List<FuzzFailure>();
        var operations = Operations().ToList();
        // Case by case across all operations: the valid-looking first cases create SEs, tasks and pushes whose ids the
        // later cases reuse (Harvest), so that malformed requests also reach existing state.
        for (var n = 0; n < casesPerOperation; n++)
        {
            foreach (var operation in operations)
            {
                var random = new Random(Mix(seed, operation.Name, n));
                var kind = Kinds[n % Kinds.Length];
                using var request = Build(operation, kind, random);
                var shown = $"{request.Method} {Shorten(request.RequestUri!.OriginalString, 160)}";
                Sent++;
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    var counts = Statuses.TryGetValue(operation.Name, out var c) ? c : Statuses[operation.Name] = [];
                    counts[(int)response.StatusCode] = counts.GetValueOrDefault((int)response.StatusCode) + 1;
                    if (Check(operation, response, body) is { } problem)
                        failures.Add(new FuzzFailure(operation.Name, n, kind, shown, (int)response.StatusCode, problem));
                    else if (response.IsSuccessStatusCode)
                        Harvest(body);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add(new FuzzFailure(operation.Name, n, kind, shown, 0, "no answer: " + ex.Message));
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failures.Add(new FuzzFailure(operation.Name, n, kind, shown, 0, "no answer in time"));
                }
            }
        }
        return failures;
    }

    private static string? Check(Operation operation, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        // A 5xx the operation documents (e.g. 503 "No SMS channel" while no SMS link is up) is an answer, not a failure;
        // it still needs problem details below.
        if (status >= 500 && !operation.Declared.Contains(status))
            return "server error: " + Shorten(body, 300);
        if (IsServerRefusal(response, body))
            return null;
        if (body.Contains("System.", StringComparison.Ordinal) || body.Contains("Tsm.", StringComparison.Ordinal)
            || body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
        {
            return "names internal types or shows a stack trace: " + Shorten(body, 300);
        }
        if (status < 400)
            return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "(none)"} instead of application/problem+json: {Shorten(body, 200)}";
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind != JsonValueKind.Object || !problem.RootElement.TryGetProperty("status", out _))
                return "problem details without a status: " + Shorten(body, 200);
            if (problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > MaxDetail } text)
                return $"problem detail of {text.Length} characters";
        }
        catch (JsonException)
        {
            return "problem details are not JSON: " + Shorten(body, 200);
        }
        return null;
    }

    /// <summary>
    /// Kestrel's own refusal of a request line or headers it will not parse (a request target over 8 KB, a NUL in the
    /// path): empty, and the connection closed, before the application sees anything; no handler can add problem details.
    /// </summary>
    private static bool IsServerRefusal(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is 400 or 414 or 431 && body.Length == 0 && response.Content.Headers.ContentType is null
        && response.Headers.ConnectionClose == true;

    private readonly Dictionary<string, List<string>> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remembers the ids a successful answer names (task, session, SE, push serial, job), for later cases.</summary>
    private void Harvest(string body)
    {
        try
        {
            Walk(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
        }

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && name is "taskId" or "sessionId" or "seId" or "serial" or "jobId" or "eventId" or "accessToken")
                        {
                            var list = _known.TryGetValue(name, out var l) ? l : _known[name] = [];
                            if (list.Count < 64)
                                list.Add(v.GetValue<string>());
                        }
                        else
                            Walk(value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                        Walk(item);
                    break;
            }
        }
    }

    private sealed record Operation(
        string Name, string Method, string Path, IReadOnlyList<JsonObject> Parameters, string? BodyType, JsonObject? BodySchema, IReadOnlySet<int> Declared);

    private IEnumerable<Operation> Operations()
    {
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray().Select(p => Resolve(p!)).ToList() ?? [];
            foreach (var (method, node) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description" || node is not JsonObject operation)
                    continue;
                var parameters = shared.Concat(operation["parameters"]?.AsArray().Select(p => Resolve(p!)) ?? []).ToList();
                string? bodyType = null;
                JsonObject? bodySchema = null;
                if (operation["requestBody"] is { } requestBody && Resolve(requestBody)["content"] is JsonObject content && content.Count > 0)
                {
                    var (type, media) = content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)) is { Value: not null } json ? json : content.First();
                    bodyType = type;
                    bodySchema = media?["schema"] is JsonObject schema ? schema : null;
                }
                var declared = operation["responses"] is JsonObject responses
                    ? responses.Select(r => int.TryParse(r.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0).ToHashSet()
                    : [];
                yield return new Operation($"{method.ToUpperInvariant()} {path}", method.ToUpperInvariant(), path, parameters, bodyType, bodySchema, declared);
            }
        }
    }

    private JsonObject Resolve(JsonNode node)
    {
        var result = node.AsObject();
        for (var hops = 0; hops < 16 && result["$ref"]?.GetValue<string>() is { } reference; hops++)
        {
            JsonNode? target = _document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
                target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            result = target as JsonObject ?? [];
        }
        return result;
    }

    private HttpRequestMessage Build(Operation operation, string kind, Random random)
    {
        var path = new StringBuilder();
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), (Uri?)null);
        var hasBody = operation.BodyType is not null || operation.Method is "POST" or "PUT" or "PATCH";
        // Without a body, the body kinds spend their cases on the parameters.
        var paramKind = !hasBody && kind is not ("valid" or "junk-credentials") ? (random.Next(2) == 0 ? "path" : "query") : kind;
        var template = operation.Path;
        var start = 0;
        while (template.IndexOf('{', start) is var open and >= 0)
        {
            var close = template.IndexOf('}', open);
            path.Append(template, start, open - start);
            var name = template[(open + 1)..close];
            var schema = operation.Parameters.FirstOrDefault(p => (string?)p["name"] == name && (string?)p["in"] == "path")?["schema"] as JsonObject;
            path.Append(paramKind == "path" && random.Next(3) > 0 ? StrangeSegment(random) : Uri.EscapeDataString(ValidScalar(name, schema, random)));
            start = close + 1;
        }
        path.Append(template, start, template.Length - start);
        foreach (var parameter in operation.Parameters.Where(p => (string?)p["in"] == "query"))
        {
            var name = (string)parameter["name"]!;
            var schema = parameter["schema"] is JsonNode s ? Resolve(s) : null;
            if (paramKind == "query")
            {
                var value = random.Next(4) switch
                {
                    0 => Strange[random.Next(Strange.Length)],
                    1 => new string('9', random.Next(20, 400)),
                    2 => RandomText(random, random.Next(1, random.Next(8) == 0 ? 5000 : 400)),
                    _ => ValidScalar(name, schema, random),
                };
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
                if (random.Next(4) == 0)
                    query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(ValidScalar(name, schema, random))}");
            }
            else if (parameter["required"]?.GetValue<bool>() == true || random.Next(2) == 0)
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(ValidScalar(name, schema, random))}");
        }
        if (paramKind == "query")
            query.Add($"unknown{random.Next(100)}={Uri.EscapeDataString(RandomText(random, 20))}");
        var uri = path.ToString() + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        request.RequestUri = new Uri(uri, UriKind.Relative);

        if (hasBody)
        {
            request.Content = Body(operation, kind, random, out var msisdn);
            if (credentials.NetworkMsisdnHeader is { } header && msisdn is not null)
                request.Headers.TryAddWithoutValidation(header, msisdn);
        }
        if (kind == "junk-credentials")
        {
            // Header values are ASCII on the wire (HttpClient refuses others).
            request.Headers.TryAddWithoutValidation("Authorization", (random.Next(2) == 0 ? "Bearer " : "Basic ") + AsciiText(random, random.Next(1, 300)));
            request.Headers.TryAddWithoutValidation("X-Api-Key", AsciiText(random, random.Next(1, 300)));
        }
        else
        {
            // On wallet routes, half the time a wallet access token an earlier login answered.
            var walletRoute = operation.Path.StartsWith("/wallet/", StringComparison.Ordinal);
            if (walletRoute && _known.TryGetValue("accessToken", out var wallets) && wallets.Count > 0 && random.Next(2) == 0)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", wallets[random.Next(wallets.Count)]);
            else if (credentials.BearerToken is { } token)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (credentials.ApiKey is { } key)
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }
        return request;
    }

    private HttpContent Body(Operation operation, string kind, Random random, out string? msisdn)
    {
        var type = operation.BodyType ?? "application/json";
        JsonNode? valid = operation.BodySchema is { } schema ? ValidValue("body", schema, random, 0) : new JsonObject();
        msisdn = valid is JsonObject { } fields && fields["msisdn"] is JsonValue number && number.GetValueKind() == JsonValueKind.String ? number.GetValue<string>() : null;
        return kind switch
        {
            "random-json" => Json(RandomJson(random, 0)?.ToJsonString() ?? "null", type),
            "truncated" => Json(Truncate(valid?.ToJsonString() ?? "{}", random), type),
            "wrong-types" => Json(Mutate(valid, random, WrongType).ToJsonString(), type),
            "huge-strings" => Json(Mutate(valid, random, (_, r) => JsonValue.Create(new string('Z', r.Next(2) == 0 ? 300_000 : 1_200_000)), onlyStrings: true).ToJsonString(), type),
            "unicode" => Json(Unicode(valid, random), type),
            "nulls" => Json(random.Next(3) == 0 ? "null" : Mutate(valid, random, (_, _) => null, all: true).ToJsonString(), type),
            "deep-nesting" => Json(Deep(random), type),
            "binary" => Binary(random, type),
            "content-type" => WrongContentType(valid?.ToJsonString() ?? "{}", random),
            "empty" => Json("", type),
            "extra-fields" => Json(Extra(valid, random), type),
            _ => Json(valid?.ToJsonString() ?? "{}", type),
        };
    }

    private static ByteArrayContent Json(string text, string type)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static ByteArrayContent Binary(Random random, string type)
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = random.Next(2) == 0 ? new MediaTypeHeaderValue(type) : new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static ByteArrayContent WrongContentType(string json, Random random)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        switch (random.Next(6))
        {
            case 0: content.Headers.ContentType = new MediaTypeHeaderValue("text/plain"); break;
            case 1: content.Headers.ContentType = new MediaTypeHeaderValue("application/xml"); break;
            case 2: content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded"); break;
            case 3: content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16"); break;
            case 4: content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x"); break;
            default: break; // none at all
        }
        return content;
    }

    // A scalar for a parameter: an id seen in an earlier answer, or the shape the gateway's identifiers have, so that
    // valid-looking requests reach the domain.
    private string ValidScalar(string name, JsonObject? schema, Random random)
    {
        var known = name.Equals("sessionId", StringComparison.OrdinalIgnoreCase) ? "taskId" : name;
        if (_known.TryGetValue(known, out var seen) && seen.Count > 0 && random.Next(3) > 0)
            return seen[random.Next(seen.Count)];
        if (schema?["enum"] is JsonArray values && values.Count > 0)
            return values[random.Next(values.Count)]?.ToString() ?? "";
        var lower = name.ToLowerInvariant();
        if (lower.Contains("seid", StringComparison.Ordinal))
            return SeId(random);
        if (lower is "taskid" or "sessionid")
            return $"{SeId(random)}.{Hex(random, 16)}";
        if (lower.Contains("aid", StringComparison.Ordinal))
            return random.Next(2) == 0 ? "A000000333010101" : Hex(random, random.Next(5, 17));
        if (lower == "msisdn")
            return "139" + Digits(random, 8);
        if (lower == "imsi")
            return "460" + Digits(random, 12);
        if (lower is "serial" or "token" or "jobid")
            return Hex(random, 16);
        if (lower == "batchid")
            return random.Next(2) == 0 ? "demo" : "batch" + random.Next(100);
        if (lower == "eventid")
            return new Guid(Hex(random, 16)).ToString();
        if (lower is "limit")
            return random.Next(1, 1001).ToString(CultureInfo.InvariantCulture);
        if (lower is "from" or "to")
            return DateTimeOffset.UnixEpoch.AddDays(20000 + random.Next(1000)).ToString("O", CultureInfo.InvariantCulture);
        if (lower is "state")
            return new[] { "pending", "delivered", "failed" }[random.Next(3)];
        if (lower is "operation")
            return new[] { "download", "delete", "lock", "unlock", "sync", "create-security-domain" }[random.Next(6)];
        if (lower.Contains("keycheckvalue", StringComparison.Ordinal))
            return Hex(random, 3);
        if (lower is "key")
            return Hex(random, 16);
        var types = TypesOf(schema);
        if (types.Contains("integer") || types.Contains("number"))
            return random.Next(0, 100).ToString(CultureInfo.InvariantCulture);
        if (types.Contains("boolean"))
            return random.Next(2) == 0 ? "true" : "false";
        return "x" + Hex(random, 4);
    }

    private JsonNode? ValidValue(string name, JsonObject schema, Random random, int depth)
    {
        schema = Resolve(schema);
        if (depth > 6)
            return null;
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[combinator] is JsonArray options && options.Count > 0)
            {
                var choices = options.Select(o => Resolve(o!)).Where(o => !TypesOf(o).SequenceEqual(["null"])).ToList();
                return choices.Count == 0 ? null : ValidValue(name, choices[random.Next(choices.Count)], random, depth + 1);
            }
        }
        if (schema["enum"] is JsonArray values && values.Count > 0)
            return values[random.Next(values.Count)]?.DeepClone();
        var types = TypesOf(schema);
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (property, propertySchema) in properties)
                {
                    if (propertySchema is JsonObject p)
                        result[property] = ValidValue(property, p, random, depth + 1);
                }
            }
            return result;
        }
        if (types.Contains("array"))
        {
            var array = new JsonArray();
            var items = schema["items"] as JsonObject ?? [];
            for (var i = random.Next(1, 4); i > 0; i--)
                array.Add(ValidValue(name.TrimEnd('s'), items, random, depth + 1));
            return array;
        }
        if (types.Contains("integer") || types.Contains("number"))
            return JsonValue.Create(random.Next(1, 4));
        if (types.Contains("boolean"))
            return JsonValue.Create(random.Next(2) == 0);
        if (types.Contains("string"))
            return JsonValue.Create(ValidScalar(name, schema, random));
        return types.SequenceEqual(["null"]) ? null : JsonValue.Create(ValidScalar(name, schema, random));
    }

    private static List<string> TypesOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray array => [.. array.Select(t => t?.ToString() ?? "")],
        JsonValue value => [value.ToString()],
        _ => [],
    };

    private static JsonNode? RandomJson(Random random, int depth)
    {
        switch (random.Next(depth > 4 ? 5 : 7))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 300)));
            case 3: return JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue));
            case 4: return JsonValue.Create(random.Next(2) == 0 ? Strange[random.Next(Strange.Length)] : RandomText(random, random.Next(0, 200)));
            case 5:
                var array = new JsonArray();
                for (var i = random.Next(0, 5); i > 0; i--)
                    array.Add(RandomJson(random, depth + 1));
                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(0, 6); i > 0; i--)
                    obj[RandomWord(random)] = RandomJson(random, depth + 1);
                return obj;
        }
    }

    private static JsonNode WrongType(JsonNode? current, Random random) => current?.GetValueKind() switch
    {
        JsonValueKind.String => random.Next(3) switch { 0 => JsonValue.Create(random.Next()), 1 => new JsonArray(JsonValue.Create("x")), _ => new JsonObject { ["x"] = 1 } },
        JsonValueKind.Number => random.Next(3) switch { 0 => JsonValue.Create("12"), 1 => JsonValue.Create(1e300), _ => JsonValue.Create(true) },
        JsonValueKind.True or JsonValueKind.False => JsonValue.Create("yes"),
        JsonValueKind.Array => new JsonObject { ["0"] = "x" },
        JsonValueKind.Object => new JsonArray(1, 2, 3),
        _ => JsonValue.Create(random.Next(2) == 0 ? "x" : (object)12)!,
    };

    /// <summary>The valid value with some (or <paramref name="all"/>) of its fields replaced.</summary>
    private static JsonNode Mutate(JsonNode? valid, Random random, Func<JsonNode?, Random, JsonNode?> replace, bool all = false, bool onlyStrings = false)
    {
        if (valid is not JsonObject obj || obj.Count == 0)
            return replace(valid, random) ?? JsonValue.Create("x")!;
        var copy = obj.DeepClone().AsObject();
        var names = copy.Select(p => p.Key).ToList();
        var changed = false;
        foreach (var name in names)
        {
            if (onlyStrings && copy[name]?.GetValueKind() is not JsonValueKind.String)
                continue;
            if (all || random.Next(2) == 0)
            {
                copy[name] = replace(copy[name], random);
                changed = true;
            }
        }
        if (!changed)
            copy[names[random.Next(names.Count)]] = replace(copy[names[0]], random);
        return copy;
    }

    private static string Unicode(JsonNode? valid, Random random)
    {
        var samples = new[] { "\"ü€𝄞😀\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\u202E\u2066\"", "\"\\u2028\\u2029\"", "\"Ｓｅｉｄ\"", "\"\uFEFF\"" };
        const string Marker = "__fuzz_unicode__";
        var text = Mutate(valid, random, (_, _) => JsonValue.Create(Marker)).ToJsonString();
        return text.Replace($"\"{Marker}\"", samples[random.Next(samples.Length)], StringComparison.Ordinal);
    }

    private static string Deep(Random random)
    {
        var depth = random.Next(65, 5000);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static string Extra(JsonNode? valid, Random random)
    {
        var text = valid is JsonObject obj ? obj.DeepClone().AsObject() : new JsonObject();
        text[RandomWord(random)] = RandomJson(random, 3);
        var json = text.ToJsonString();
        // A duplicate key, or a number no .NET type holds.
        return random.Next(2) == 0 && json.Length > 2
            ? json.Insert(1, text.FirstOrDefault() is { Key: { } first } ? $"\"{first}\":1e400," : "\"a\":1e400,")
            : json;
    }

    private static string Truncate(string json, Random random) => json.Length <= 1 ? "{" : json[..random.Next(1, json.Length)];

    private static string StrangeSegment(Random random) => random.Next(4) switch
    {
        0 => Uri.EscapeDataString(Strange[random.Next(Strange.Length)]) is { Length: > 0 } s ? s : "%20",
        1 => Uri.EscapeDataString(RandomText(random, random.Next(1, random.Next(8) == 0 ? 3000 : 400))),
        2 => new string('F', random.Next(33, 500)),
        _ => new[] { "%00", "%FF%FE", "%C0%AF", "a%2Fb", "%E2%80%AE", "%0D%0A" }[random.Next(6)],
    };

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(8) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0x00, 0x20),
                2 => (char)random.Next(0x80, 0x800),
                3 => (char)random.Next(0x4E00, 0x9FFF),
                _ => (char)random.Next('a', 'z' + 1),
            });
        }
        return text.ToString();
    }

    private static string AsciiText(Random random, int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7F))]);

    private static string RandomWord(Random random) => new([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'z' + 1))]);

    private static string SeId(Random random) => random.Next(4) == 0 ? Hex(random, random.Next(1, 16)) : "86" + Hex(random, 9);

    private static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexString(buffer);
    }

    private static string Digits(Random random, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>A seed per (run seed, operation, case) that does not depend on string hashing, which .NET randomizes per process.</summary>
    private static int Mix(int seed, string operation, int n)
    {
        var hash = 2166136261u;
        foreach (var c in operation)
            hash = (hash ^ c) * 16777619u;
        return unchecked((int)(hash ^ (uint)seed * 2654435761u ^ (uint)n * 40503u));
    }
}
