#!/usr/bin/env python3
"""Writes linli's copy of the Open311 project's Swagger 2.0 file, with its defects fixed.

    python3 Tests/Data/open311/fix-swagger.py    (rewrites Tests/Data/open311/swagger.linli.json)

Input: schema/georeport-v2/swagger.json as vendored from open311/schema-validation (commit
47e06a4), left untouched beside it. Every change is listed in README.md next to this file and
in the output's `x-linli-fixes`; the three known defects come first.
"""

import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "schema", "georeport-v2", "swagger.json")
TARGET = os.path.join(HERE, "swagger.linli.json")

FIXES = [
    "1. /request/{service_request_id}.{response_format} is /requests/{service_request_id}.{response_format}, as the spec names it.",
    "2. The single-request answer is a list of Request (the spec's one-element service_requests), not one Request.",
    "3. jurisdiction_id is optional: the spec requires it only of endpoints serving several jurisdictions.",
    "4. POST requests takes its parameters as formData (the file's own `consumes` is x-www-form-urlencoded, "
    "and the spec says form), api_key among them: Swagger 2.0 cannot put an apiKey security scheme in a form.",
    "5. Fields the project's JSON Schemas allow to be null carry x-nullable (Swagger 2.0 has no null type).",
    "6. response_format is an enum of json and xml; each operation lists its error answers (the spec's error list, "
    "an array of {code, description}) for 400, 403, 404 and 413 as it may give them.",
    "7. Operations linli does not offer are dropped (GET tokens/{id}: linli's services are realtime, no tokens); "
    "mySociety's servicerequestupdates extension, which linli offers, is added.",
]


def main():
    with open(SOURCE, encoding="utf-8") as handle:
        spec = json.load(handle)
    paths = spec["paths"]

    # 1 and 2: the single request's path and answer.
    single = paths.pop("/request/{service_request_id}.{response_format}")
    single["get"]["responses"]["200"]["schema"] = {"type": "array", "items": {"$ref": "#/definitions/Request"}}
    paths["/requests/{service_request_id}.{response_format}"] = single

    # 3: jurisdiction_id optional.
    spec["parameters"]["jurisdiction_id"]["required"] = False
    spec["parameters"]["jurisdiction_id"]["description"] = "The jurisdiction; needed only where an endpoint serves several."

    # 4: the POST's parameters in the form, api_key among them.
    post = paths["/requests.{response_format}"]["post"]
    post.pop("security", None)
    spec.pop("securityDefinitions", None)
    for parameter in post["parameters"]:
        if parameter.get("in") == "query":
            parameter["in"] = "formData"
    post["parameters"] += [
        {"name": "api_key", "in": "formData", "required": True, "type": "string",
         "description": "The key the endpoint's operator gave the client."},
        {"name": "description", "in": "formData", "required": False, "type": "string", "maxLength": 4000},
        {"name": "media_url", "in": "formData", "required": False, "type": "string", "format": "uri"},
    ]
    # The jurisdiction of a POST travels in its form too.
    post["parameters"] = [p for p in post["parameters"] if p.get("$ref") != "#/parameters/jurisdiction_id"]
    post["parameters"].append({"name": "jurisdiction_id", "in": "formData", "required": False, "type": "string"})

    # 5: nullable fields, as in the JSON Schemas.
    required = {name: set(definition.get("required", [])) for name, definition in spec["definitions"].items()}
    for name, definition in spec["definitions"].items():
        for field, schema in definition.get("properties", {}).items():
            if field not in required[name] and "$ref" not in schema and schema.get("type") != "array":
                schema["x-nullable"] = True

    # 6: formats and errors.
    spec["parameters"]["response_format"]["enum"] = ["json", "xml"]
    spec["parameters"]["response_format"].pop("format", None)
    spec["definitions"]["Error"] = {
        "description": "One error of the spec's error list.",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    }
    errors = {"type": "array", "items": {"$ref": "#/definitions/Error"}}

    # 7: no tokens; the updates extension.
    paths.pop("/tokens/{token_id}.{response_format}", None)
    spec["definitions"]["RequestUpdate"] = {
        "description": "mySociety's servicerequestupdates extension: one status change of a request.",
        "required": ["update_id", "service_request_id", "status", "updated_datetime"],
        "properties": {
            "update_id": {"type": "string"},
            "service_request_id": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "in_progress", "fixed", "closed", "reopen"]},
            "updated_datetime": {"type": "string", "format": "date-time"},
            "description": {"type": "string", "x-nullable": True},
            "media_url": {"type": "string", "format": "uri", "x-nullable": True},
        },
    }
    updates = copy.deepcopy(paths["/requests.{response_format}"]["get"])
    updates["summary"] = "request updates (mySociety extension)"
    updates["description"] = "Status changes of requests in a window of at most 90 days, oldest first."
    updates["parameters"] = [p for p in updates["parameters"]
                             if p.get("$ref") or p.get("name") in ("start_date", "end_date")]
    updates["responses"] = {"200": {"description": "The updates.", "schema": {
        "type": "array", "items": {"$ref": "#/definitions/RequestUpdate"}}}}
    paths["/servicerequestupdates.{response_format}"] = {"get": updates}

    for path, operations in paths.items():
        for method, operation in operations.items():
            if method not in ("get", "post"):
                continue
            responses = operation["responses"]
            statuses = ["400", "404"] + (["403", "413"] if method == "post" else [])
            for status in statuses:
                responses[status] = {"description": (responses.get(status) or {}).get("description", "The spec's error list."),
                                     "schema": errors}
            # A status the source lists that linli never gives (401) keeps no schema to check.
            responses.pop("401", None)

    spec["info"]["x-linli-fixes"] = FIXES
    with open(TARGET, "w", encoding="utf-8") as handle:
        json.dump(spec, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
