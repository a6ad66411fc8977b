import type { INodeCredential, INodeParams } from 'flowise-components'

/** Where the LiteLLM proxy is and the key to use, kept in Flowise's encrypted credential store. */
class LiteLLMRouterApi implements INodeCredential {
    label = 'LiteLLM Router (proxy URL and key)'
    name = 'liteLLMRouterApi'
    version = 1.0
    description = 'The LiteLLM proxy that the Orquesta router sends requests through, and its master or virtual key.'
    inputs: INodeParams[] = [
        {
            label: 'Proxy URL',
            name: 'liteLLMProxyUrl',
            type: 'string',
            placeholder: 'http://127.0.0.1:4000'
        },
        {
            label: 'API Key',
            name: 'liteLLMApiKey',
            type: 'password'
        }
    ]
}

module.exports = { credClass: LiteLLMRouterApi }
