@sp-gateway @sd
Feature: Security domain attributes
  Requirement 5.3 (security domain management): the platform keeps for each supplementary security domain its AID, its owner (the operator or a
  service provider), a fixed or a shared space, its mode, its deletion rule and its key version, and generates from
  them the CMS2AC install parameters (C9 tags 45–4A) of the INSTALL that creates it. The gateway runs in-process;
  the phone's SE is simulated and every check reads the SE's own registry.

  Background:
    Given a registered phone whose SE runs the e-purse

  Scenario: A provider's SD in a fixed space is installed with the parameters its attributes give
    When the bank platform creates security domain A000000151535300CC with key 303132333435363738393A3B3C3D3E3F of version 21 under its KEK
    Then the platform answers 200 with the "create-security-domain" task succeeded
    And the SE holds security domain A000000151535300CC as PERSONALIZED, associated with the ISD, with
      | attribute                      | value  |
      | privileges                     | 800000 |
      | mode                           | 2      |
      | fixed space non-volatile       | 2048   |
      | fixed space volatile           | 256    |
      | may delete itself              | yes    |
      | accepts deletion by the ISD    | yes    |
      | maximum failed authentications | 5      |
      | maximum key sets               | 4      |
      | key version                    | 21     |
    And the platform records personalized security domain A000000151535300CC as owned by bank with key version 21 and a fixed space of 2048 bytes

  Scenario: A provider's SD in the shared space takes no space of its own
    When the bank platform creates security domain A000000151535300BB with key 303132333435363738393A3B3C3D3E3F of version 22 under its KEK
    Then the platform answers 200 with the "create-security-domain" task succeeded
    And the SE holds security domain A000000151535300BB as PERSONALIZED, associated with the ISD, with
      | attribute                      | value  |
      | fixed space non-volatile       | none   |
      | fixed space volatile           | none   |
      | maximum failed authentications | FF     |
      | key version                    | 22     |
    And the platform records personalized security domain A000000151535300BB as owned by bank with key version 22 in the shared space

  Scenario: The operator's SD gets the operator's key version and its fixed space
    When the bank platform downloads application A0000007770102
    Then the platform answers 200 with the "download" task succeeded
    And the SE holds security domain A000000151535300AA as PERSONALIZED, associated with the ISD, with
      | attribute                | value |
      | fixed space non-volatile | 4096  |
      | key version              | 30    |
    And the platform records personalized security domain A000000151535300AA as owned by the operator with key version 30 and a fixed space of 4096 bytes
