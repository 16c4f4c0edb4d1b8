namespace Tsm.Gateway.Management.Applications;

/// <summary>One application version with its history of uploads, transitions, rejections and tests, oldest first.</summary>
public sealed record ApplicationDetails(ApplicationRecord Application, IReadOnlyList<ApplicationTransition> History);
